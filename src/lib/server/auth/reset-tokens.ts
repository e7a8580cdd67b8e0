import { getDb } from '../db/connection';
import { issueToken, parseToken, secretMatches } from './secrets';

/**
 * Password-reset tokens: `<id>.<secret>` (240 bits from the CSPRNG) of which
 * only the SHA-256 of the secret is stored; 15 minutes to live; single use;
 * a new request deletes every older token of the same user.
 */

/** How long a reset link works. */
export const RESET_TOKEN_TTL_MS = 15 * 60 * 1000;

interface ResetRow {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A valid reset token's record. */
export interface ResetGrant {
  id: string;
  userId: number;
  expiresAt: number;
}

/** Issue a reset token for a user, killing any older one; the token goes into the mail only. */
export function createResetToken(userId: number, now = Date.now()): { token: string; expiresAt: number } {
  const t = issueToken();
  const expiresAt = now + RESET_TOKEN_TTL_MS;
  const db = getDb();
  db.transaction(() => {
    db.prepare('DELETE FROM password_resets WHERE user_id = ?').run(userId);
    db.prepare('INSERT INTO password_resets (id, secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      t.id,
      t.secretHash,
      userId,
      now,
      expiresAt,
    );
  })();
  return { token: t.token, expiresAt };
}

/** Whether a string has the shape of a reset token (checked before it is stored in a cookie). */
export function looksLikeResetToken(token: string): boolean {
  return parseToken(token) !== null;
}

/** The grant behind a token when it is known, unused and unexpired; else null. */
export function findResetGrant(token: string, now = Date.now()): ResetGrant | null {
  const parts = parseToken(token);
  if (!parts) return null;
  const row = getDb().prepare('SELECT * FROM password_resets WHERE id = ?').get(parts.id) as ResetRow | undefined;
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  if (row.used_at !== null || now >= row.expires_at) return null;
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

/**
 * Spend a grant: marks it used only if it still is unused, so two concurrent
 * submissions cannot both succeed. Call inside the transaction that sets the password.
 */
export function markResetUsed(grantId: string, now = Date.now()): boolean {
  return (
    getDb().prepare('UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?').run(now, grantId, now).changes === 1
  );
}

/** Delete reset tokens that can no longer be used. */
export function deleteStaleResetTokens(now = Date.now()): number {
  return getDb().prepare('DELETE FROM password_resets WHERE expires_at <= ? OR used_at IS NOT NULL').run(now).changes;
}
