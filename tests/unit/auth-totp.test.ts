import { generateHOTP } from '@oslojs/otp';
import { describe, expect, it } from 'vitest';
import { formatManualKey, matchTotp, totpStep } from '../../src/lib/server/auth/two-factor/totp';
import { looksLikeRecoveryCode, normalizeRecoveryCode } from '../../src/lib/server/auth/two-factor/recovery-codes';

/** TOTP details: RFC 6238's SHA-1 vector, the +-1 step window, key formatting, recovery code shapes. */
describe('TOTP', () => {
  const rfcKey = new TextEncoder().encode('12345678901234567890');

  it('matches the RFC 6238 SHA-1 test vector (T = 59 s -> 94287082, last 6 digits)', () => {
    expect(generateHOTP(rfcKey, 1n, 8)).toBe('94287082');
    expect(matchTotp(rfcKey, '287082', 59_000)).toBe(1);
    expect(matchTotp(rfcKey, '287 082', 59_000)).toBe(1);
  });

  it('accepts one step either side and reports which, not two', () => {
    const now = 1_700_000_000_000;
    const s = totpStep(now);
    for (const d of [-1, 0, 1]) expect(matchTotp(rfcKey, generateHOTP(rfcKey, BigInt(s + d), 6), now)).toBe(s + d);
    expect(matchTotp(rfcKey, generateHOTP(rfcKey, BigInt(s + 2), 6), now)).toBeNull();
    expect(matchTotp(rfcKey, generateHOTP(rfcKey, BigInt(s - 2), 6), now)).toBeNull();
    expect(matchTotp(rfcKey, 'abcdef', now)).toBeNull();
    expect(matchTotp(rfcKey, '1234567', now)).toBeNull();
  });

  it('formats the manual key in groups of four', () => {
    expect(formatManualKey(rfcKey)).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });

  it('normalises recovery codes as people type them', () => {
    expect(normalizeRecoveryCode(' ABCD-efgh ijkl-MNOP ')).toBe('abcdefghijklmnop');
    expect(looksLikeRecoveryCode('abcd-efgh-ijkl-mnop')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
