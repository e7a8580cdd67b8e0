import { getKysely } from '../db/database';
import { changed, writeTransaction, type Executor } from '../db/query';
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
export async function createResetToken(userId: number, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const t = issueToken();
  const expiresAt = now + RESET_TOKEN_TTL_MS;
  await writeTransaction(async (trx) => {
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    await trx
      .insertInto('password_resets')
      .values({ id: t.id, secret_hash: t.secretHash, user_id: userId, created_at: now, expires_at: expiresAt })
      .execute();
  });
  return { token: t.token, expiresAt };
}

/** Whether a string has the shape of a reset token (checked before it is stored in a cookie). */
export function looksLikeResetToken(token: string): boolean {
  return parseToken(token) !== null;
}

/** The grant behind a token when it is known, unused and unexpired; else null. */
export async function findResetGrant(token: string, now = Date.now()): Promise<ResetGrant | null> {
  const parts = parseToken(token);
  if (!parts) return null;
  const row: ResetRow | undefined = await getKysely().selectFrom('password_resets').selectAll().where('id', '=', parts.id).executeTakeFirst();
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  if (row.used_at !== null || now >= row.expires_at) return null;
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

/**
 * Spend a grant: a conditional UPDATE marks it used only if it still is
 * unused, and its row count decides, so of two concurrent submissions exactly
 * one succeeds (on SQLite and Postgres alike). Call it first in the write
 * transaction `db` that sets the password; on Postgres the loser waits for the
 * winner's commit and then finds the row used.
 */
export async function markResetUsed(grantId: string, now: number, db: Executor): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', grantId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return changed(result) === 1;
}

/** Delete a user's other reset tokens once one was spent (in the reset's transaction `db`). */
export async function deleteOtherResetTokens(userId: number, keepId: string, db: Executor): Promise<void> {
  await db.deleteFrom('password_resets').where('user_id', '=', userId).where('id', '!=', keepId).execute();
}

/** Delete reset tokens that can no longer be used. */
export async function deleteStaleResetTokens(now = Date.now()): Promise<number> {
  const result = await getKysely()
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  return changed(result);
}
