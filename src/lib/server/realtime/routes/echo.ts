import type { RealtimeRoute } from '../types';

/** `/ws/echo`: sends every text or binary frame straight back, as the frame type it came in. */
export const echoRoute: RealtimeRoute = {
  auth: 'optional',
  scope: 'realtime',
  maxPayload: 64 * 1024,
  idleTimeoutMs: 5 * 60_000,
  onConnection(ws) {
    ws.on('message', (data, isBinary) => {
      if (ws.bufferedAmount > 1 << 20) return ws.close(4429, 'slow consumer');
      ws.send(data, { binary: isBinary });
    });
  },
};
