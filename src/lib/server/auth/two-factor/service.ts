import QRCode from 'qrcode';
import { getDb } from '../../db/connection';
import { deleteRecoveryCodes, looksLikeRecoveryCode, replaceRecoveryCodes, useRecoveryCode } from './recovery-codes';
import { openSecret, sealSecret } from './secret-key';
import { formatManualKey, generateTotpKey, looksLikeTotp, matchTotp, totpKeyUri } from './totp';

/**
 * Two-factor sign-in for one user: enrol (a pending key shown as a QR code
 * and as text, confirmed by a first code), verify at login (TOTP with replay
 * refusal, or a recovery code) and turn off. Keys are sealed at rest.
 */

/** What the enrolment page shows. */
export interface PendingEnrolment {
  manualKey: string;
  uri: string;
  qrDataUrl: string;
}

/** Begin (or restart) enrolment with a new key. */
export function startEnrolment(userId: number, now = Date.now()): void {
  const sealed = sealSecret(userId, generateTotpKey());
  getDb()
    .prepare(
      `INSERT INTO totp_enrolments (user_id, secret_enc, created_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, created_at = excluded.created_at`,
    )
    .run(userId, sealed, now);
}

function pendingKey(userId: number): Uint8Array | null {
  const sealed = getDb().prepare('SELECT secret_enc FROM totp_enrolments WHERE user_id = ?').pluck().get(userId) as Uint8Array | undefined;
  return sealed ? openSecret(userId, sealed) : null;
}

/** The pending enrolment with its QR code, or null when none was started. */
export async function pendingEnrolment(userId: number, accountName: string): Promise<PendingEnrolment | null> {
  const key = pendingKey(userId);
  if (!key) return null;
  const uri = totpKeyUri(accountName, key);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { manualKey: formatManualKey(key), uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Drop a pending enrolment. */
export function cancelEnrolment(userId: number): void {
  getDb().prepare('DELETE FROM totp_enrolments WHERE user_id = ?').run(userId);
}

/** Confirm enrolment with a first code: turns two-factor on and returns the recovery codes (shown once), or null for a wrong code. */
export function confirmEnrolment(userId: number, code: string, now = Date.now()): string[] | null {
  const key = pendingKey(userId);
  if (!key) return null;
  const step = matchTotp(key, code, now);
  if (step === null) return null;
  const db = getDb();
  return db.transaction(() => {
    db.prepare('UPDATE users SET totp_secret_enc = ?, totp_enabled_at = ?, totp_last_step = ? WHERE id = ?').run(
      sealSecret(userId, key),
      now,
      step,
      userId,
    );
    db.prepare('DELETE FROM totp_enrolments WHERE user_id = ?').run(userId);
    return replaceRecoveryCodes(userId);
  })();
}

/** The outcome of checking a second-factor code. */
export type SecondFactorResult = 'totp' | 'recovery' | 'replayed' | 'wrong';

/** Check a TOTP or recovery code for a user with two-factor on; a TOTP step is accepted once only. */
export function verifySecondFactor(userId: number, code: string, now = Date.now()): SecondFactorResult {
  const trimmed = code.trim();
  if (looksLikeTotp(trimmed)) {
    const row = getDb().prepare('SELECT totp_secret_enc FROM users WHERE id = ?').get(userId) as { totp_secret_enc: Uint8Array | null } | undefined;
    if (!row?.totp_secret_enc) return 'wrong';
    const step = matchTotp(openSecret(userId, row.totp_secret_enc), trimmed, now);
    if (step === null) return 'wrong';
    // Moving the last-used step forward atomically is what refuses a replay,
    // even when two processes receive the same code at the same moment.
    const moved = getDb()
      .prepare('UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)')
      .run(step, userId, step).changes;
    return moved === 1 ? 'totp' : 'replayed';
  }
  if (looksLikeRecoveryCode(trimmed) && useRecoveryCode(userId, trimmed, now)) return 'recovery';
  return 'wrong';
}

/** Turn two-factor off: the key, any pending enrolment and the recovery codes go. */
export function disableTwoFactor(userId: number): void {
  const db = getDb();
  db.transaction(() => {
    db.prepare('UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?').run(userId);
    db.prepare('DELETE FROM totp_enrolments WHERE user_id = ?').run(userId);
    deleteRecoveryCodes(userId);
  })();
}
