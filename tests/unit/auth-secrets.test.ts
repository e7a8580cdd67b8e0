import { describe, expect, it, vi } from 'vitest';

// Spy on the constant-time comparison (calling through) to prove secrets are compared with it.
vi.mock('@oslojs/crypto/subtle', async (original) => {
  const real = await original<typeof import('@oslojs/crypto/subtle')>();
  return { ...real, constantTimeEqual: vi.fn(real.constantTimeEqual) };
});

const { constantTimeEqual } = await import('@oslojs/crypto/subtle');
const { hashSecret, issueToken, parseToken, randomSecret, secretMatches } = await import('../../src/lib/server/auth/secrets');

/** Session and token secrets in isolation: CSPRNG secrets of >= 120 bits each, SHA-256 at rest, constant-time comparison. */
describe('session and token secrets', () => {
  it('draws 120-bit secrets as base32 and never repeats', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = randomSecret();
      expect(s).toMatch(/^[a-z2-7]{24}$/);
      seen.add(s);
    }
    expect(seen.size).toBe(2000);
  });

  it('issues id.secret tokens (240 bits) and stores only the SHA-256 of the secret', () => {
    const t = issueToken('ilp_');
    expect(t.token).toBe(`ilp_${t.id}.${t.secret}`);
    expect(t.secretHash).toEqual(hashSecret(t.secret));
    expect(t.secretHash.length).toBe(32);
    expect(parseToken(t.token, 'ilp_')).toEqual({ id: t.id, secret: t.secret });
    expect(parseToken(`${t.token}x`, 'ilp_')).toBeNull();
    expect(parseToken(t.token.toUpperCase(), 'ilp_')).toBeNull();
  });

  it('compares secrets in constant time', () => {
    const t = issueToken();
    vi.mocked(constantTimeEqual).mockClear();
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
    expect(secretMatches(randomSecret(), t.secretHash)).toBe(false);
    expect(vi.mocked(constantTimeEqual)).toHaveBeenCalledTimes(2);
  });
});
