import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import { isPrincipalLive, onCredentialsEnded } from '../auth/revocation';
import { log } from '../log';

/**
 * Sockets outlive the request that opened them, so the credentials they were
 * opened with are checked again: at once when any process says some of the
 * user's credentials ended (logout, session ended, password change or reset,
 * token revoked), when the session or token reaches its expiry, and every
 * RECHECK_MS in any case. A socket whose credentials are gone is closed with
 * CLOSE_CREDENTIALS_ENDED.
 */

/** Close code for a socket whose session or token ended. */
export const CLOSE_CREDENTIALS_ENDED = 4401;
/** Longest a socket goes without its credentials being checked. */
export const RECHECK_MS = 30_000;

const wlog = log.child({ mod: 'realtime' });

/** When a principal's credentials expire at the latest (the session's absolute lifetime or the token's expiry). */
function expiresAt(p: Principal): number | null {
  return p.kind === 'session' ? p.session.absoluteExpiresAt : p.token.expiresAt;
}

/** Watch the sockets of signed-in callers; `stop` at shutdown. */
export function createCredentialWatch(recheckMs = RECHECK_MS) {
  const watched = new Map<WebSocket, { principal: Principal; timer?: NodeJS.Timeout }>();

  function check(ws: WebSocket): void {
    const w = watched.get(ws);
    if (!w) return;
    isPrincipalLive(w.principal).then(
      (live) => {
        if (!live && ws.readyState === ws.OPEN) ws.close(CLOSE_CREDENTIALS_ENDED, 'your session or token has ended');
      },
      // The database is the only truth; when it cannot answer, keep the socket and ask again later.
      (err: unknown) => wlog.warn('could not re-check socket credentials', { err }),
    );
  }

  const stopListening = onCredentialsEnded((userId) => {
    for (const [ws, w] of watched) if (w.principal.user.id === userId) check(ws);
  });
  const interval = setInterval(() => {
    for (const ws of watched.keys()) check(ws);
  }, recheckMs);
  interval.unref();

  return {
    /** Keep checking the credentials `ws` was opened with until it closes. */
    watch(ws: WebSocket, principal: Principal | null): void {
      if (!principal) return;
      const entry: { principal: Principal; timer?: NodeJS.Timeout } = { principal };
      const end = expiresAt(principal);
      // Timers fire at most ~24.8 days ahead; later expiries are left to the periodic check.
      if (end !== null && end - Date.now() < 2 ** 31 - 1) {
        entry.timer = setTimeout(() => check(ws), Math.max(0, end - Date.now()) + 10);
        entry.timer.unref();
      }
      watched.set(ws, entry);
      ws.once('close', () => {
        clearTimeout(watched.get(ws)?.timer);
        watched.delete(ws);
      });
    },
    size: () => watched.size,
    stop(): void {
      clearInterval(interval);
      stopListening();
      for (const w of watched.values()) clearTimeout(w.timer);
      watched.clear();
    },
  };
}
