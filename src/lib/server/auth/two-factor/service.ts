import QRCode from 'qrcode';
import { getKysely } from '../../db/database';
import { changed, writeTransaction } from '../../db/query';
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
export async function startEnrolment(userId: number, now = Date.now()): Promise<void> {
  const sealed = sealSecret(userId, generateTotpKey());
  await getKysely()
    .insertInto('totp_enrolments')
    .values({ user_id: userId, secret_enc: sealed, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_enc: sealed, created_at: now }))
    .execute();
}

async function pendingKey(userId: number): Promise<Uint8Array | null> {
  const row = await getKysely().selectFrom('totp_enrolments').select('secret_enc').where('user_id', '=', userId).executeTakeFirst();
  return row ? openSecret(userId, row.secret_enc) : null;
}

/** The pending enrolment with its QR code, or null when none was started. */
export async function pendingEnrolment(userId: number, accountName: string): Promise<PendingEnrolment | null> {
  const key = await pendingKey(userId);
  if (!key) return null;
  const uri = totpKeyUri(accountName, key);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { manualKey: formatManualKey(key), uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Drop a pending enrolment. */
export async function cancelEnrolment(userId: number): Promise<void> {
  await getKysely().deleteFrom('totp_enrolments').where('user_id', '=', userId).execute();
}

/** Confirm enrolment with a first code: turns two-factor on and returns the recovery codes (shown once), or null for a wrong code. */
export async function confirmEnrolment(userId: number, code: string, now = Date.now()): Promise<string[] | null> {
  const key = await pendingKey(userId);
  if (!key) return null;
  const step = matchTotp(key, code, now);
  if (step === null) return null;
  const sealed = sealSecret(userId, key);
  return writeTransaction(async (trx) => {
    // Deleting the pending key first decides between two racing confirmations: only one still finds it.
    const taken = await trx.deleteFrom('totp_enrolments').where('user_id', '=', userId).executeTakeFirst();
    if (changed(taken) !== 1) return null;
    await trx.updateTable('users').set({ totp_secret_enc: sealed, totp_enabled_at: now, totp_last_step: step }).where('id', '=', userId).execute();
    return replaceRecoveryCodes(userId, trx);
  });
}

/** The outcome of checking a second-factor code. */
export type SecondFactorResult = 'totp' | 'recovery' | 'replayed' | 'wrong';

/** Check a TOTP or recovery code for a user with two-factor on; a TOTP step is accepted once only. */
export async function verifySecondFactor(userId: number, code: string, now = Date.now()): Promise<SecondFactorResult> {
  const trimmed = code.trim();
  if (looksLikeTotp(trimmed)) {
    const db = getKysely();
    const row = await db.selectFrom('users').select('totp_secret_enc').where('id', '=', userId).executeTakeFirst();
    if (!row?.totp_secret_enc) return 'wrong';
    const step = matchTotp(openSecret(userId, row.totp_secret_enc), trimmed, now);
    if (step === null) return 'wrong';
    // Moving the last-used step forward atomically is what refuses a replay,
    // even when two processes receive the same code at the same moment.
    const moved = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return changed(moved) === 1 ? 'totp' : 'replayed';
  }
  if (looksLikeRecoveryCode(trimmed) && (await useRecoveryCode(userId, trimmed, now))) return 'recovery';
  return 'wrong';
}

/** Turn two-factor off: the key, any pending enrolment and the recovery codes go. */
export async function disableTwoFactor(userId: number): Promise<void> {
  await writeTransaction(async (trx) => {
    await trx.updateTable('users').set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', userId).execute();
    await trx.deleteFrom('totp_enrolments').where('user_id', '=', userId).execute();
    await deleteRecoveryCodes(userId, trx);
  });
}
