import { readCookie, sessionCookieHeader, sessionCookieName } from '../cookies';
import { authEvent, idTag } from '../events';
import { createSession, invalidateSession, validateSessionToken } from '../sessions';
import { rememberDevice } from '../login-devices';
import type { User } from '../users';
import { announceCredentialsEnded } from '../revocation';
import { writeTransaction, type Executor } from '../../db/query';
import type { RequestMeta } from './result';

/**
 * Starting sessions after a successful check. Whatever session the browser
 * presented before is deleted first (no session fixation: a token known
 * before login is dead after it), and a fresh one is issued.
 */

/** How long a session waiting for its second factor lives. */
export const PENDING_SECOND_FACTOR_TTL_MS = 10 * 60 * 1000;

/**
 * Delete the session the request's cookie names, if any (of any user, pending
 * or not); its id, or null. Without `db` the end is announced at once; inside
 * a transaction (`db`) the caller announces after the commit.
 */
export async function endPresentedSession(meta: RequestMeta, db?: Executor): Promise<{ sessionId: string; userId: number } | null> {
  const token = readCookie(meta.cookieHeader, sessionCookieName());
  if (!token) return null;
  const found = await validateSessionToken(token, meta.now, db);
  if (!found) return null;
  const userId = await invalidateSession(found.session.id, db);
  return userId === null ? null : { sessionId: found.session.id, userId };
}

/** Options of issueSession. */
export interface IssueOptions {
  /** A session waiting for its second factor: short-lived, no device cookie yet. */
  pendingSecondFactor?: boolean;
  /** The login already looked the device cookie up for this account (login-devices.ts rememberDevice). */
  knownDeviceId?: string | null;
}

/**
 * Issue a new session for `user` and return the Set-Cookie values: the
 * session first and, for a completed sign-in, the device cookie that makes
 * this browser a known device of the account (login-devices.ts). With
 * `pendingSecondFactor` the session is short-lived, counts as signed in only
 * after /login/two-factor, and the browser is not remembered yet. Everything
 * runs in one write transaction (a login, which also refunds its throttle
 * tokens in it, calls issueIn with its own).
 */
export async function issueSession(user: User, meta: RequestMeta, opts: IssueOptions = {}): Promise<string[]> {
  const out = await writeTransaction((trx) => issueIn(user, meta, opts, trx));
  if (out.ended) announceCredentialsEnded(out.ended.userId);
  return out.cookies;
}

/** issueSession's work in `trx`: the cookies, and the session the browser presented before (ended here; announce it after the commit). */
export async function issueIn(
  user: User,
  meta: RequestMeta,
  opts: IssueOptions,
  trx: Executor,
): Promise<{ cookies: string[]; ended: { sessionId: string; userId: number } | null }> {
  const ended = await endPresentedSession(meta, trx);
  const pending = opts.pendingSecondFactor === true;
  const { token, session } = await createSession(
    user.id,
    {
      ip: meta.ip,
      userAgent: meta.userAgent,
      twoFactorVerified: !pending,
      now: meta.now,
      ...(pending ? { ttlMs: PENDING_SECOND_FACTOR_TTL_MS } : {}),
    },
    trx,
  );
  const cookie = sessionCookieHeader(token, session.absoluteExpiresAt);
  if (pending) return { cookies: [cookie], ended };
  authEvent('login.success', { user_id: user.id, session_id: idTag(session.id), ip: meta.ip });
  return { cookies: [cookie, await rememberDevice(user.id, meta.cookieHeader, meta.now, trx, opts.knownDeviceId)], ended };
}
