import { getConfig } from '../config';
import { getDb } from '../db/connection';
import { cachedStatement } from '../db/statements';
import { issueToken, parseToken, secretMatches } from './secrets';
import type { User } from './users';
import { rowToUser, type UserRow } from './users';
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

/** Create a session for a user; returns the token to put in the cookie (never stored). */
export function createSession(
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null; twoFactorVerified?: boolean; now?: number; ttlMs?: number } = {},
): { token: string; session: Session } {
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
  cachedStatement(
    `INSERT INTO sessions (id, secret_hash, user_id, created_at, last_seen_at, idle_expires_at,
        absolute_expires_at, ip, user_agent, two_factor_verified)
       VALUES (@id, @secret_hash, @user_id, @created_at, @last_seen_at, @idle_expires_at,
        @absolute_expires_at, @ip, @user_agent, @two_factor_verified)`,
  ).run(row);
  return { token: t.token, session: rowToSession(row) };
}

/** Validate a session token: the session and its user, or null (expired sessions are deleted). */
export function validateSessionToken(token: string, now = Date.now()): { session: Session; user: User } | null {
  const parts = parseToken(token);
  if (!parts) return null;
  const db = getDb();
  // Every page view with a cookie runs this: prepared once per connection.
  const row = cachedStatement(
    `SELECT s.*, u.id AS u_id, u.email AS u_email, u.display_name AS u_display_name, u.role AS u_role,
              u.created_at AS u_created_at, u.password_changed_at AS u_password_changed_at,
              u.totp_enabled_at AS u_totp_enabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
  ).get(parts.id) as (SessionRow & Record<`u_${string}`, unknown>) | undefined;
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  if (now >= row.idle_expires_at || now >= row.absolute_expires_at) {
    db.prepare('DELETE FROM sessions WHERE id = ?').run(row.id);
    return null;
  }
  const session = rowToSession(row);
  if (now - session.lastSeenAt >= SESSION_RENEW_INTERVAL_MS) {
    session.lastSeenAt = now;
    session.idleExpiresAt = Math.min(now + getConfig().sessionIdleMs, session.absoluteExpiresAt);
    db.prepare('UPDATE sessions SET last_seen_at = ?, idle_expires_at = ? WHERE id = ?').run(session.lastSeenAt, session.idleExpiresAt, session.id);
  }
  const user = rowToUser({
    id: row.u_id,
    email: row.u_email,
    display_name: row.u_display_name,
    role: row.u_role,
    created_at: row.u_created_at,
    password_changed_at: row.u_password_changed_at,
    totp_enabled_at: row.u_totp_enabled_at,
  } as UserRow);
  return { session, user };
}

/** End one session. */
export function invalidateSession(sessionId: string): void {
  const ended = getDb().prepare('DELETE FROM sessions WHERE id = ? RETURNING user_id').get(sessionId) as { user_id: number } | undefined;
  if (ended) announceCredentialsEnded(ended.user_id);
}

/** End every session of a user, optionally keeping one (the one changing the password). */
export function invalidateUserSessions(userId: number, keepSessionId?: string): number {
  const n = getDb()
    .prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?')
    .run(userId, keepSessionId ?? null).changes;
  if (n > 0) announceCredentialsEnded(userId);
  return n;
}

/** A user's live sessions, newest activity first. */
export function listUserSessions(userId: number, now = Date.now()): Session[] {
  const rows = getDb()
    .prepare(
      `SELECT * FROM sessions WHERE user_id = ? AND idle_expires_at > ? AND absolute_expires_at > ?
       ORDER BY last_seen_at DESC`,
    )
    .all(userId, now, now) as SessionRow[];
  return rows.map(rowToSession);
}

/** Delete expired sessions (run now and then; validation also deletes lazily). */
export function deleteExpiredSessions(now = Date.now()): number {
  return getDb().prepare('DELETE FROM sessions WHERE idle_expires_at <= ? OR absolute_expires_at <= ?').run(now, now).changes;
}

/** End one session of a user; false when no such session of theirs exists. */
export function invalidateUserSession(userId: number, sessionId: string): boolean {
  const ended = getDb().prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(sessionId, userId).changes === 1;
  if (ended) announceCredentialsEnded(userId);
  return ended;
}
