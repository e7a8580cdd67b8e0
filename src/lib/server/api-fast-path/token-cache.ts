import type { Principal } from '../auth/principal';
import { announcementsEpoch, onCredentialsEnded } from '../auth/revocation';

/**
 * A quarter-second memory of validated bearer tokens for the API fast path.
 * Validating a token costs a hash and two database reads, more than answering
 * `GET /api/rest/todos/1` itself; a cell or script calling in a loop sends
 * the same token every time. A revoked token is forgotten as soon as its
 * revocation is announced (auth/revocation.ts, through Redis from other
 * processes and hosts). Nothing is cached or trusted while those
 * announcements cannot arrive, nor kept across a reconnect of their channel;
 * so even an announcement lost in flight leaves a revoked token honoured for
 * at most TTL_MS. An expired one never is. Only successful token lookups are
 * kept (never cookies, never failures), at most MAX_ENTRIES of them.
 */

export const TTL_MS = 250;
const MAX_ENTRIES = 5000;

const entries = new Map<string, { principal: Principal & { kind: 'token' }; until: number; epoch: number }>();

onCredentialsEnded((userId) => {
  for (const [key, e] of entries) if (e.principal.user.id === userId) entries.delete(key);
});

/** The cached principal for an Authorization header value, if fresh. */
export function cachedTokenPrincipal(authorization: string, now = Date.now()): Principal | null {
  const hit = entries.get(authorization);
  if (!hit) return null;
  const expiresAt = hit.principal.token.expiresAt;
  if (hit.until <= now || hit.epoch !== announcementsEpoch() || (expiresAt !== null && now >= expiresAt)) {
    entries.delete(authorization);
    return null;
  }
  return hit.principal;
}

/** Remember a principal a token was just validated as. */
export function rememberTokenPrincipal(authorization: string, principal: Principal, now = Date.now()): void {
  const epoch = announcementsEpoch();
  if (principal.kind !== 'token' || epoch === null) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(authorization, { principal, until: now + TTL_MS, epoch });
}
