import type { Server } from 'node:http';
import { log } from '../log';
import { counter } from '../metrics/registry';

/**
 * A cap on the connections (HTTP keep-alive and WebSocket alike) one web
 * process holds. Without it a client that opens sockets and never sends a
 * byte is bounded only by the file descriptor limit, and past that limit
 * accept() fails for everybody, the health check included. Node closes a
 * connection over the cap as soon as it is accepted.
 */

const clog = log.child({ mod: 'connections' });
const dropped = counter('http_connections_dropped_total', 'Connections closed on arrival because the web process held MAX_CONNECTIONS.');

/** Drops are logged at most this often: a flood must not become a flood of log lines. */
const LOG_EVERY_MS = 10_000;

/** Cap `server` at `max` open connections; a refused one is counted in /metrics and logged (at most every 10 s, with the count). */
export function capConnections(server: Server, max: number): void {
  server.maxConnections = max;
  let unlogged = 0;
  let lastLogAt = 0;
  server.on('drop', () => {
    dropped.inc();
    unlogged++;
    const now = Date.now();
    if (now - lastLogAt < LOG_EVERY_MS) return;
    clog.warn('connections refused: the process holds MAX_CONNECTIONS', { refused: unlogged, max });
    unlogged = 0;
    lastLogAt = now;
  });
}
