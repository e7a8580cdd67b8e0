import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getKysely } from '../../db/database';
import { changed, type Executor } from '../../db/query';
import { hashSecret, secretMatches } from '../secrets';

/**
 * Recovery codes: ten single-use codes of 80 random bits each, shown once
 * when two-factor is turned on; only their SHA-256 is stored.
 */

export const RECOVERY_CODE_COUNT = 10;

/** Strip what people add when copying a code: case, spaces, dashes. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Whether a string has the shape of a recovery code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-7]{16}$/.test(normalizeRecoveryCode(code));
}

function newCode(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes).replace(/(.{4})(?=.)/g, '$1-');
}

/** Replace a user's recovery codes with ten new ones, in the transaction `db`; returns them for showing once. */
export async function replaceRecoveryCodes(userId: number, db: Executor): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await deleteRecoveryCodes(userId, db);
  await db
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashSecret(normalizeRecoveryCode(c)) })))
    .execute();
  return codes;
}

/**
 * Spend a recovery code; true when it was one of the user's unused codes.
 * The conditional UPDATE (… AND used_at IS NULL) decides: of two concurrent
 * uses of one code exactly one gets a row count of 1, on both backends.
 */
export async function useRecoveryCode(userId: number, code: string, now = Date.now()): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (!/^[a-z2-7]{16}$/.test(normalized)) return false;
  const db = getKysely();
  const rows = await db.selectFrom('recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  // Compare against every code so the time does not say which one matched.
  let match: number | null = null;
  for (const r of rows) if (secretMatches(normalized, r.code_hash)) match = r.id;
  if (match === null) return false;
  const spent = await db.updateTable('recovery_codes').set({ used_at: now }).where('id', '=', match).where('used_at', 'is', null).executeTakeFirst();
  return changed(spent) === 1;
}

/** How many unused recovery codes a user has left. */
export async function remainingRecoveryCodes(userId: number): Promise<number> {
  const row = await getKysely()
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Remove every recovery code of a user (two-factor turned off), in the transaction `db` if given. */
export async function deleteRecoveryCodes(userId: number, db: Executor = getKysely()): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
