import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { ApiError } from '../http/errors';
import { generateTotpKey, TOTP_DIGITS, TOTP_PERIOD_SECONDS, totpStep } from '../auth/two-factor/totp';

/**
 * A TOTP worked example on a throwaway key (never the reader's own 2FA
 * secret): the key, the otpauth:// URI an app would scan, the time step and
 * the codes around it, computed by the same library and parameters the
 * portal's two-factor sign-in uses. A cell recomputes the code with WebCrypto
 * and compares.
 */

/** What the example returns. */
export interface TotpDemo {
  secret: string;
  uri: string;
  algorithm: 'SHA1';
  digits: number;
  period: number;
  at: string;
  step: number;
  secondsLeft: number;
  codes: { previous: string; current: string; next: string };
}

/** Parse a base32 key from the caller: 16 to 64 base32 characters (80 to 320 bits). */
export function parseDemoSecret(raw: unknown): Uint8Array | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string')
    throw new ApiError(400, 'invalid_secret', '"secret" must be a base32 string.', { fields: { secret: 'must be a base32 string' } });
  const clean = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z2-7]{16,64}=*$/.test(clean)) {
    throw new ApiError(400, 'invalid_secret', '"secret" must be 16 to 64 base32 characters (A-Z, 2-7).', {
      fields: { secret: 'must be 16 to 64 base32 characters' },
    });
  }
  return decodeBase32IgnorePadding(clean.replace(/=+$/, ''));
}

const YEAR_2100 = Date.UTC(2100, 0, 1);

/** Parse the moment to compute for: epoch milliseconds or an ISO date between 1970 and 2100, default now. */
export function parseDemoTime(raw: unknown, now = Date.now()): number {
  if (raw === undefined || raw === null) return now;
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.length <= 40 ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms >= YEAR_2100) {
    throw new ApiError(400, 'invalid_time', '"at" must be epoch milliseconds or an ISO date between 1970 and 2100.', {
      fields: { at: 'must be a time between 1970 and 2100' },
    });
  }
  return Math.trunc(ms);
}

/** Compute the example for `key` (a fresh one when null) at `atMs`. */
export function totpDemo(key: Uint8Array | null, atMs: number): TotpDemo {
  const k = key ?? generateTotpKey();
  const step = totpStep(atMs);
  const code = (s: number) => generateHOTP(k, BigInt(s), TOTP_DIGITS);
  return {
    secret: encodeBase32UpperCaseNoPadding(k),
    uri: createTOTPKeyURI('Interview Lab (lesson demo)', 'demo', k, TOTP_PERIOD_SECONDS, TOTP_DIGITS),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    at: new Date(atMs).toISOString(),
    step,
    secondsLeft: TOTP_PERIOD_SECONDS - Math.floor((atMs / 1000) % TOTP_PERIOD_SECONDS),
    codes: { previous: code(step - 1), current: code(step), next: code(step + 1) },
  };
}
