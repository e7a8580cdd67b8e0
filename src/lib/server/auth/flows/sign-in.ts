import { readCookie, sessionCookieHeader, sessionCookieName } from '../cookies';
import { authEvent, idTag } from '../events';
import { createSession, invalidateSession, validateSessionToken } from '../sessions';
import { rememberDevice } from '../login-devices';
import type { User } from '../users';
import type { RequestMeta } from './result';

/**
 * Starting sessions after a successful check. Whatever session the browser
 * presented before is deleted first (no session fixation: a token known
 * before login is dead after it), and a fresh one is issued.
 */

/** How long a session waiting for its second factor lives. */
export const PENDING_SECOND_FACTOR_TTL_MS = 10 * 60 * 1000;

/** Delete the session the request's cookie names, if any (of any user, pending or not). */
export function endPresentedSession(meta: RequestMeta): string | null {
  const token = readCookie(meta.cookieHeader, sessionCookieName());
  if (!token) return null;
  const found = validateSessionToken(token, meta.now);
  if (!found) return null;
  invalidateSession(found.session.id);
  return found.session.id;
}

/**
 * Issue a new session for `user` and return the Set-Cookie values: the
 * session first and, for a completed sign-in, the device cookie that makes
 * this browser a known device of the account (login-devices.ts). With
 * `pendingSecondFactor` the session is short-lived, counts as signed in only
 * after /login/two-factor, and the browser is not remembered yet.
 */
export function issueSession(user: User, meta: RequestMeta, opts: { pendingSecondFactor?: boolean } = {}): string[] {
  endPresentedSession(meta);
  const pending = opts.pendingSecondFactor === true;
  const { token, session } = createSession(user.id, {
    ip: meta.ip,
    userAgent: meta.userAgent,
    twoFactorVerified: !pending,
    now: meta.now,
    ...(pending ? { ttlMs: PENDING_SECOND_FACTOR_TTL_MS } : {}),
  });
  const cookie = sessionCookieHeader(token, session.absoluteExpiresAt);
  if (pending) return [cookie];
  authEvent('login.success', { user_id: user.id, session_id: idTag(session.id), ip: meta.ip });
  return [cookie, rememberDevice(user.id, meta.cookieHeader, meta.now)];
}
