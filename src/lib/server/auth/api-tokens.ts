import { getDb } from '../db/connection';
import { cachedStatement } from '../db/statements';
import { authEvent, idTag } from './events';
import { isScope, type Scope } from '../../shared/scopes';
import { issueToken, parseToken, secretMatches } from './secrets';
import { findUserById, type User } from './users';
import { announceCredentialsEnded } from './revocation';

/**
 * Bearer tokens for programs: personal tokens a user makes at /account/tokens
 * and short-lived lesson tokens the lesson page hands to its code cells.
 * Stored like sessions: id plus the SHA-256 of the secret.
 */

export type TokenKind = 'personal' | 'lesson';

/** Prefix per kind, so a leaked token is recognisable (and scannable) at a glance. */
export const TOKEN_PREFIX: Record<TokenKind, string> = { personal: 'ilp_', lesson: 'ill_' };

export interface ApiToken {
  id: string;
  userId: number;
  kind: TokenKind;
  name: string;
  scopes: Scope[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

interface TokenRow {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  kind: TokenKind;
  name: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  /** The browser session a lesson token was minted for; null for personal tokens. */
  session_id: string | null;
}

function rowToToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    name: r.name,
    scopes: r.scopes.split(' ').filter(isScope),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** Create a token; the returned `token` string is shown once and never stored. */
export function createApiToken(
  userId: number,
  opts: { kind: TokenKind; name: string; scopes: readonly Scope[]; ttlMs: number | null; now?: number; sessionId?: string },
): { token: string; record: ApiToken } {
  const now = opts.now ?? Date.now();
  const t = issueToken(TOKEN_PREFIX[opts.kind]);
  const row: TokenRow = {
    id: t.id,
    secret_hash: t.secretHash,
    user_id: userId,
    kind: opts.kind,
    name: opts.name,
    scopes: [...new Set(opts.scopes)].join(' '),
    created_at: now,
    expires_at: opts.ttlMs === null ? null : now + opts.ttlMs,
    last_used_at: null,
    revoked_at: null,
    session_id: opts.sessionId ?? null,
  };
  getDb()
    .prepare(
      `INSERT INTO api_tokens (id, secret_hash, user_id, kind, name, scopes, created_at, expires_at, session_id)
       VALUES (@id, @secret_hash, @user_id, @kind, @name, @scopes, @created_at, @expires_at, @session_id)`,
    )
    .run(row);
  return { token: t.token, record: rowToToken(row) };
}

/** How often `last_used_at` is written back, to keep hot API paths free of writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether the session a lesson token was minted for still exists (ended sessions are deleted; expiry is the session's own check). */
export function sessionExists(sessionId: string): boolean {
  return cachedStatement('SELECT 1 FROM sessions WHERE id = ?').get(sessionId) !== undefined;
}

/** Validate a bearer token: the token record and its user, or null. A lesson token also needs its session. */
export function validateApiToken(token: string, now = Date.now()): { token: ApiToken; user: User } | null {
  const kind: TokenKind | null = token.startsWith(TOKEN_PREFIX.personal) ? 'personal' : token.startsWith(TOKEN_PREFIX.lesson) ? 'lesson' : null;
  if (!kind) return null;
  const parts = parseToken(token, TOKEN_PREFIX[kind]);
  if (!parts) return null;
  const db = getDb();
  const row = cachedStatement('SELECT * FROM api_tokens WHERE id = ?').get(parts.id) as TokenRow | undefined;
  if (!row || row.kind !== kind || !secretMatches(parts.secret, row.secret_hash)) {
    authEvent('token.rejected', { token_id: idTag(parts.id), reason: row ? 'wrong_secret' : 'unknown' });
    return null;
  }
  if (row.revoked_at !== null || (row.expires_at !== null && now >= row.expires_at)) {
    authEvent('token.rejected', { token_id: idTag(row.id), user_id: row.user_id, reason: row.revoked_at !== null ? 'revoked' : 'expired' });
    return null;
  }
  if (row.session_id !== null && !sessionExists(row.session_id)) {
    authEvent('token.rejected', { token_id: idTag(row.id), user_id: row.user_id, reason: 'session_ended' });
    return null;
  }
  const user = findUserById(row.user_id);
  if (!user) return null;
  if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
    db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    row.last_used_at = now;
    // Logged at the same once-a-minute resolution as last_used_at, so busy cells do not flood the log.
    authEvent('token.used', { token_id: idTag(row.id), user_id: row.user_id, kind: row.kind });
  }
  return { token: rowToToken(row), user };
}

/** A user's personal tokens (revoked ones included, newest first). */
export function listPersonalTokens(userId: number): ApiToken[] {
  const rows = getDb().prepare(`SELECT * FROM api_tokens WHERE user_id = ? AND kind = 'personal' ORDER BY created_at DESC`).all(userId) as TokenRow[];
  return rows.map(rowToToken);
}

/** Revoke one of a user's tokens; false when it is not theirs or already revoked. */
export function revokeApiToken(userId: number, tokenId: string, now = Date.now()): boolean {
  const revoked =
    getDb().prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(now, tokenId, userId).changes ===
    1;
  if (revoked) announceCredentialsEnded(userId);
  return revoked;
}

/** Delete lesson tokens that have expired (they are short-lived and plentiful). */
export function deleteExpiredLessonTokens(now = Date.now()): number {
  return getDb().prepare(`DELETE FROM api_tokens WHERE kind = 'lesson' AND expires_at <= ?`).run(now).changes;
}

/** How many of a user's personal tokens still work (neither revoked nor expired). */
export function countLivePersonalTokens(userId: number, now = Date.now()): number {
  const row = getDb()
    .prepare(
      `SELECT COUNT(*) AS n FROM api_tokens WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
    )
    .get(userId, now) as { n: number };
  return row.n;
}

/** Revoke every live personal token of a user (after a password change or reset, on request); returns how many. */
export function revokeAllPersonalTokens(userId: number, now = Date.now()): number {
  const n = getDb()
    .prepare(
      `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND kind = 'personal' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
    )
    .run(now, userId, now).changes;
  // Like one revocation: every web process forgets cached tokens and closes sockets opened with them.
  if (n > 0) announceCredentialsEnded(userId);
  return n;
}
