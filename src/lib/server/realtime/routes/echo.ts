import { CLOSE_SLOW_CONSUMER, sendIfNotBackedUp } from '../send';
import type { RealtimeRoute } from '../types';

/** Unsent bytes an echo client may let pile up before it is cut off. */
const MAX_BACKLOG = 1 << 20;

/**
 * `/ws/echo`: sends every text or binary frame straight back as the frame
 * type it came in. A client that sends faster than it reads is closed with
 * 4429 once its unread echoes pass MAX_BACKLOG, so it cannot grow our memory.
 */
export const echoRoute: RealtimeRoute = {
  auth: 'optional',
  scope: 'realtime',
  maxPayload: 64 * 1024,
  idleTimeoutMs: 5 * 60_000,
  onConnection(ws) {
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      const payload = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (!sendIfNotBackedUp(ws, isBinary ? payload : payload.toString('utf8'), MAX_BACKLOG)) {
        ws.close(CLOSE_SLOW_CONSUMER, 'slow consumer: read your echoes before sending more');
      }
    });
  },
};
