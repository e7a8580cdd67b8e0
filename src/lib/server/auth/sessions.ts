import { getConfig } from '../config';
import { getKysely } from '../db/database';
import { changed, prepareQuery, type Executor } from '../db/query';
import { issueToken, parseToken, secretMatches } from './secrets';
import { JOINED_USER_COLUMNS, joinedUser, type User } from './users';
import { announceCredentialsEnded } from './revocation';

/**
 * Browser sessions (lucia-auth.com design): token `<id>.<secret>` in the
 * cookie, SHA-256 of the secret in the database, an idle expiry that slides
 * forward (written at most once an hour) under a fixed absolute expiry.
 */

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
  twoFactorVerified: boolean;
}

interface SessionRow {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
  ip: string | null;
  user_agent: string | null;
  two_factor_verified: number;
}

/** How often a used session's idle expiry and last-seen time are written back. */
export const SESSION_RENEW_INTERVAL_MS = 60 * 60 * 1000;

function rowToSession(r: SessionRow): Session {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    idleExpiresAt: r.idle_expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
    twoFactorVerified: r.two_factor_verified === 1,
  };
}

// Arguments are scalars (prepareQuery swaps values, not objects): the row's columns in order.
type SessionValues = [string, Uint8Array, number, number, number, number, number, string | null, string | null, number];
const insertSession = prepareQuery(10, (db, ...v: SessionValues) =>
  db.insertInto('sessions').values({
    id: v[0],
    secret_hash: v[1],
    user_id: v[2],
    created_at: v[3],
    last_seen_at: v[4],
    idle_expires_at: v[5],
    absolute_expires_at: v[6],
    ip: v[7],
    user_agent: v[8],
    two_factor_verified: v[9],
  }),
);

// Every page view with a cookie runs this: compiled once.
const sessionWithUser = prepareQuery(1, (db, id: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select([...JOINED_USER_COLUMNS])
    .where('s.id', '=', id),
);

/** Create a session for a user; returns the token to put in the cookie (never stored). `db`: the sign-in's transaction. */
export async function createSession(
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null; twoFactorVerified?: boolean; now?: number; ttlMs?: number } = {},
  db?: Executor,
): Promise<{ token: string; session: Session }> {
  const config = getConfig();
  // A short `ttlMs` serves sessions waiting for their second factor.
  const sessionIdleMs = Math.min(config.sessionIdleMs, meta.ttlMs ?? Infinity);
  const sessionMaxMs = Math.min(config.sessionMaxMs, meta.ttlMs ?? Infinity);
  const now = meta.now ?? Date.now();
  const t = issueToken();
  const row: SessionRow = {
    id: t.id,
    secret_hash: t.secretHash,
    user_id: userId,
    created_at: now,
    last_seen_at: now,
    idle_expires_at: Math.min(now + sessionIdleMs, now + sessionMaxMs),
    absolute_expires_at: now + sessionMaxMs,
    ip: meta.ip?.slice(0, 64) ?? null,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    two_factor_verified: meta.twoFactorVerified ? 1 : 0,
  };
  const r = row;
  const values: SessionValues = [
    r.id,
    r.secret_hash,
    r.user_id,
    r.created_at,
    r.last_seen_at,
    r.idle_expires_at,
    r.absolute_expires_at,
    r.ip,
    r.user_agent,
    r.two_factor_verified,
  ];
  await insertSession.result(values, db);
  return { token: t.token, session: rowToSession(row) };
}

/** Validate a session token: the session and its user, or null (expired sessions are deleted). `db`: a transaction to run in. */
export async function validateSessionToken(
  token: string,
  now = Date.now(),
  db: Executor = getKysely(),
): Promise<{ session: Session; user: User } | null> {
  const parts = parseToken(token);
  if (!parts) return null;
  const row = await sessionWithUser.first([parts.id], db);
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  if (now >= row.idle_expires_at || now >= row.absolute_expires_at) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  const session = rowToSession(row);
  if (now - session.lastSeenAt >= SESSION_RENEW_INTERVAL_MS) {
    session.lastSeenAt = now;
    session.idleExpiresAt = Math.min(now + getConfig().sessionIdleMs, session.absoluteExpiresAt);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: session.lastSeenAt, idle_expires_at: session.idleExpiresAt })
      .where('id', '=', session.id)
      .execute();
  }
  const user = joinedUser(row);
  return { session, user };
}

/**
 * End one session; the id of its user, or null when there was none. Without
 * `db` the end is announced at once; inside a transaction (`db`) the caller
 * announces after the commit, so other processes re-check a settled database.
 */
export async function invalidateSession(sessionId: string, db?: Executor): Promise<number | null> {
  const ended = await (db ?? getKysely()).deleteFrom('sessions').where('id', '=', sessionId).returning('user_id').executeTakeFirst();
  if (ended && !db) announceCredentialsEnded(ended.user_id);
  return ended?.user_id ?? null;
}

/** End every session of a user, optionally keeping one; announced like invalidateSession. */
export async function invalidateUserSessions(userId: number, keepSessionId?: string, db?: Executor): Promise<number> {
  let q = (db ?? getKysely()).deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId !== undefined) q = q.where('id', '!=', keepSessionId);
  const n = changed(await q.executeTakeFirst());
  if (n > 0 && !db) announceCredentialsEnded(userId);
  return n;
}

/** A user's live sessions, newest activity first. */
export async function listUserSessions(userId: number, now = Date.now()): Promise<Session[]> {
  const rows = await getKysely()
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(rowToSession);
}

/** Delete expired sessions (run now and then; validation also deletes lazily). */
export async function deleteExpiredSessions(now = Date.now()): Promise<number> {
  const result = await getKysely()
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  return changed(result);
}

/** End one session of a user; false when no such session of theirs exists. */
export async function invalidateUserSession(userId: number, sessionId: string): Promise<boolean> {
  const result = await getKysely().deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  const ended = changed(result) === 1;
  if (ended) announceCredentialsEnded(userId);
  return ended;
}
