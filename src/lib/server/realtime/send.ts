import type { WebSocket } from 'ws';

/** Close code for a consumer too slow to keep up (its backlog passed the limit). */
export const CLOSE_SLOW_CONSUMER = 4429;

/**
 * Send unless the socket's unsent backlog is already past `maxBuffered`
 * bytes; returns false (and sends nothing) then, so a slow reader can never
 * grow the server's memory without bound. The caller decides: skip, resync
 * with a snapshot later, or close with CLOSE_SLOW_CONSUMER.
 */
export function sendIfNotBackedUp(ws: WebSocket, data: string | Buffer, maxBuffered = 1 << 20): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  if (ws.bufferedAmount > maxBuffered) return false;
  ws.send(data);
  return true;
}
