import type { Server } from 'node:http';
import { log } from '../log';

const dlog = log.child({ mod: 'drain' });

/** How often connections that have become idle are closed while draining. */
const IDLE_SWEEP_MS = 100;

/**
 * Stop `server` gracefully: accept nothing new, let answers in flight finish,
 * and close every connection as soon as it is idle; after `graceMs` close
 * whatever is left. Resolves once every connection is closed.
 *
 * Why the sweep: server.close() closes the connections that are idle at that
 * moment, then waits for the rest. A keep-alive client (nginx's upstream pool,
 * a load generator) keeps a connection open after the answer that was in
 * flight, so close() alone waited until the process's forced exit.
 */
export function drainServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cutOff = setTimeout(() => {
      dlog.warn('grace period over: closing the connections still open', { graceMs });
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cutOff);
      resolve();
    });
  });
}
