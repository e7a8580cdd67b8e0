import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getDb } from '../../db/connection';
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

/** Replace a user's recovery codes with ten new ones; returns them for showing once. */
export function replaceRecoveryCodes(userId: number): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const db = getDb();
  db.transaction(() => {
    db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    const insert = db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
    for (const c of codes) insert.run(userId, hashSecret(normalizeRecoveryCode(c)));
  })();
  return codes;
}

/** Spend a recovery code; true when it was one of the user's unused codes. */
export function useRecoveryCode(userId: number, code: string, now = Date.now()): boolean {
  const normalized = normalizeRecoveryCode(code);
  if (!/^[a-z2-7]{16}$/.test(normalized)) return false;
  const db = getDb();
  const rows = db.prepare('SELECT id, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').all(userId) as {
    id: number;
    code_hash: Uint8Array;
  }[];
  // Compare against every code so the time does not say which one matched.
  let match: number | null = null;
  for (const r of rows) if (secretMatches(normalized, r.code_hash)) match = r.id;
  if (match === null) return false;
  return db.prepare('UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(now, match).changes === 1;
}

/** How many unused recovery codes a user has left. */
export function remainingRecoveryCodes(userId: number): number {
  return getDb().prepare('SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').pluck().get(userId) as number;
}

/** Remove every recovery code of a user (two-factor turned off). */
export function deleteRecoveryCodes(userId: number): void {
  getDb().prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
}
