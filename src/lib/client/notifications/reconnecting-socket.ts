/**
 * A WebSocket to one of the portal's `/ws/` paths that comes back by itself:
 * after a drop it waits 0.5 s, 1 s, 2 s ... up to 30 s (each with jitter, so
 * a restarted server is not hit by every tab at once), sooner when the
 * browser says it is online again. `url()` is asked on every attempt, so the
 * caller can put its latest cursor in it.
 */

/** Connection state shown to the user. */
export type SocketStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Options of a reconnecting socket. */
export interface ReconnectingSocketOptions {
  url(): string;
  onMessage(data: unknown, ws: WebSocket): void;
  onStatus?(status: SocketStatus, detail: { attempt: number; retryInMs?: number }): void;
  onOpen?(ws: WebSocket): void;
}

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, half of it random. */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 30_000): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 10));
  return Math.round(full / 2 + Math.random() * (full / 2));
}

/** Open the socket; returns a handle to send on it and to close it for good. */
export function reconnectingSocket(opts: ReconnectingSocketOptions): { close(): void; send(data: unknown): boolean; reconnectNow(): void } {
  let ws: WebSocket | null = null;
  let attempt = 0;
  let timer: number | undefined;
  let stopped = false;

  const open = () => {
    window.clearTimeout(timer);
    if (stopped) return;
    opts.onStatus?.(attempt === 0 ? 'connecting' : 'reconnecting', { attempt });
    const socket = new WebSocket(opts.url());
    ws = socket;
    socket.addEventListener('open', () => {
      attempt = 0;
      opts.onStatus?.('live', { attempt });
      opts.onOpen?.(socket);
    });
    socket.addEventListener('message', (ev) => {
      let data: unknown;
      try {
        data = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      opts.onMessage(data, socket);
    });
    socket.addEventListener('close', () => {
      if (ws !== socket || stopped) return;
      ws = null;
      const retryInMs = backoffDelay(attempt++);
      opts.onStatus?.('reconnecting', { attempt, retryInMs });
      timer = window.setTimeout(open, retryInMs);
    });
  };
  const onOnline = () => {
    if (!ws) open();
  };
  window.addEventListener('online', onOnline);
  open();
  return {
    close() {
      stopped = true;
      window.clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      ws?.close(1000, 'page closed');
      opts.onStatus?.('closed', { attempt });
    },
    send(data) {
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(data));
      return true;
    },
    reconnectNow() {
      ws?.close();
      if (!ws) open();
    },
  };
}

/** The `ws:`/`wss:` URL of a portal path on this page's origin. */
export function wsUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}
