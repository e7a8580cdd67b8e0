import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

/**
 * TOTP as authenticator apps speak it (RFC 6238: HMAC-SHA1, 6 digits, 30 s).
 * Verification accepts one step either side for clock drift and reports the
 * step that matched, so the caller can refuse it the second time (replay).
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ISSUER = 'Interview Lab';

/** A fresh 160-bit TOTP key. */
export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The key as people type it: base32 in groups of four. */
export function formatManualKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');
}

/** The time step a moment falls in. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** Whether a string looks like a TOTP code (digits only, spaces allowed). */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/** The step whose code this is (current step, or one either side), or null. */
export function matchTotp(key: Uint8Array, code: string, nowMs = Date.now()): number | null {
  const otp = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(otp)) return null;
  const now = totpStep(nowMs);
  for (const step of [now, now - 1, now + 1]) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, otp)) return step;
  }
  return null;
}
