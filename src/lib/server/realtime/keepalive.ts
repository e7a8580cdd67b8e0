import type { WebSocket } from 'ws';

/**
 * Ping/pong liveness and idle timeouts. A peer that misses a pong between two
 * pings is dead (a vanished laptop, a dropped NAT mapping) and is terminated;
 * one that sends nothing for the route's idle time is closed politely.
 */

/** Close code for a peer closed for being idle (4000-4999 are for applications). */
export const CLOSE_IDLE = 4408;

interface Tracked {
  alive: boolean;
  lastMessageAt: number;
  idleTimeoutMs: number;
}

/** Watch a set of sockets; call `track` for each new one and `stop` at shutdown. */
export function createKeepalive(intervalMs = 30_000) {
  const sockets = new Map<WebSocket, Tracked>();
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [ws, t] of sockets) {
      if (!t.alive) {
        ws.terminate();
        continue;
      }
      if (t.idleTimeoutMs > 0 && now - t.lastMessageAt >= t.idleTimeoutMs) {
        ws.close(CLOSE_IDLE, 'idle timeout');
        continue;
      }
      t.alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, intervalMs);
  timer.unref();

  return {
    track(ws: WebSocket, idleTimeoutMs: number): void {
      const t: Tracked = { alive: true, lastMessageAt: Date.now(), idleTimeoutMs };
      sockets.set(ws, t);
      ws.on('pong', () => {
        t.alive = true;
      });
      ws.on('message', () => {
        t.alive = true;
        t.lastMessageAt = Date.now();
      });
      ws.once('close', () => sockets.delete(ws));
    },
    size: () => sockets.size,
    sockets: () => sockets.keys(),
    stop(): void {
      clearInterval(timer);
    },
  };
}
