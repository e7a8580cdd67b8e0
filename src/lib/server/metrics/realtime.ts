import type { WebSocket } from 'ws';
import type { RealtimeRoute } from '../realtime/types';
import { tracing } from '../tracing/hooks';
import { counter, gauge } from './registry';

/**
 * Open WebSockets per route and the messages they carry. Each route's
 * `onConnection` is wrapped, so the router itself needs no metrics code;
 * the route label is the route's name from the fixed table (`/ws/echo`,
 * `/ws/marketdata/*`), never the requested path. With tracing on, each
 * received message is a span around the route's own (synchronous) handling.
 */

const open = gauge('websocket_connections', 'Open WebSocket connections, by route.', ['route']);
const messages = counter('websocket_messages_total', 'WebSocket messages, by route and direction (in: from the client, out: to it).', [
  'route',
  'direction',
]);

function instrument(ws: WebSocket, label: string): void {
  const received = messages.labels(label, 'in');
  const sent = messages.labels(label, 'out');
  const gaugeChild = open.labels(label);
  gaugeChild.inc();
  ws.once('close', () => gaugeChild.dec());
  ws.on('message', () => received.inc());
  const send = ws.send;
  // Every route sends through ws.send (directly or via realtime/send.ts).
  ws.send = function countedSend(this: WebSocket, ...args: Parameters<WebSocket['send']>): void {
    sent.inc();
    send.apply(this, args);
  } as WebSocket['send'];
}

/** The same routes, each counting its connections and messages. */
export function withRealtimeMetrics(routes: Record<string, RealtimeRoute>): Record<string, RealtimeRoute> {
  return Object.fromEntries(
    Object.entries(routes).map(([name, route]) => {
      const label = route.params === 'some' ? `/ws/${name}/*` : `/ws/${name}`;
      const wrapped: RealtimeRoute = {
        ...route,
        onConnection(ws, ctx) {
          instrument(ws, label);
          const tracer = tracing()?.tracer;
          let span: ReturnType<NonNullable<typeof tracer>['startSpan']> | undefined;
          // Listeners run in the order added: this one before the route's, the one below after them.
          if (tracer)
            ws.on(
              'message',
              (data: Buffer) => (span = tracer.startSpan(`ws message ${label}`, { attributes: { 'messaging.message.body.size': data.length } })),
            );
          route.onConnection(ws, ctx);
          if (tracer) ws.on('message', () => span?.end());
        },
      };
      return [name, wrapped];
    }),
  );
}
