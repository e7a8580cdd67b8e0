import { describe, expect, it } from 'vitest';
import { ago } from '../../src/lib/client/notifications/format';
import { decrypt, encrypt, generateKey } from '../../src/lib/shared/crypto/fernet';
import { humanSpan, utcMinute, utcTimeOfDay } from '../../src/lib/shared/time-format';

/** The portal's one human time format, and relative times that read sanely. */

const AT = Date.UTC(2026, 11, 4, 15, 8, 42);

describe('time format', () => {
  it('writes absolute times as "YYYY-MM-DD HH:MM UTC" and times of day as "HH:MM:SS UTC"', () => {
    expect(utcMinute(AT)).toBe('2026-12-04 15:08 UTC');
    expect(utcTimeOfDay(AT)).toBe('15:08:42 UTC');
  });

  it('writes spans in the largest sensible unit', () => {
    expect(humanSpan(42)).toBe('42 s');
    expect(humanSpan(90)).toBe('1 min');
    expect(humanSpan(5 * 3600 + 7)).toBe('5 h');
    expect(humanSpan(86_400)).toBe('1 day');
    expect(humanSpan(3 * 86_400)).toBe('3 days');
    expect(humanSpan(1_165_244_958n)).toBe('36 years');
    expect(humanSpan(-120)).toBe('-2 min');
  });

  it('never says a past event happens in the future', () => {
    expect(ago(AT - 5000, AT)).toBe('5 seconds ago');
    expect(ago(AT + 3000, AT)).toBe('now');
    expect(ago(AT - 3 * 3600_000, AT)).toBe('3 hours ago');
  });

  it('a Fernet token from 1990 is "36 years" old, not a ten-digit number of seconds alone', async () => {
    const key = await generateKey();
    const token = await encrypt(key, 'x', { now: 631152000 });
    await expect(decrypt(key, token, { ttl: 3600, now: 631152000 + 1_165_244_958 })).rejects.toThrow(/made 36 years \(1165244958 s\) ago/);
  });
});
