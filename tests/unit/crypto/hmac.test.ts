import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/shared/crypto/encoding';
import { hmac, hmacVerify } from '../../../src/lib/shared/crypto/hmac';
import { fixture, inputBytes, type InputSpec } from './vectors';

interface HmacFixture {
  cases: { source: string; algorithm: string; key: InputSpec; data: InputSpec; truncateBytes: number | null; hex: string }[];
}

const { cases } = fixture<HmacFixture>('hmac-vectors.json');

describe('HMAC known answers (RFC 4231, RFC 2202)', () => {
  it(`matches all ${cases.length} published values`, async () => {
    for (const c of cases) {
      const mac = await hmac(c.algorithm, inputBytes(c.key), inputBytes(c.data));
      expect(toHex(c.truncateBytes ? mac.subarray(0, c.truncateBytes) : mac), `${c.source} ${c.algorithm}`).toBe(c.hex);
    }
  });

  it('takes the empty key RFC 2104 allows (WebCrypto refuses it; Python does not)', async () => {
    expect(toHex(await hmac('SHA-256', '', new Uint8Array([0])))).toBe('6620b31f2924b8c01547745f41825d322336f83ebb13d723678789d554d8a3ef');
  });

  it('verifies in constant time and says false (not throws) for a wrong or short MAC', async () => {
    const mac = await hmac('SHA-256', 'key', 'message');
    expect(await hmacVerify('SHA-256', 'key', 'message', mac)).toBe(true);
    const flipped = mac.slice();
    flipped[31]! ^= 1;
    expect(await hmacVerify('SHA-256', 'key', 'message', flipped)).toBe(false);
    expect(await hmacVerify('SHA-256', 'key', 'message', mac.subarray(0, 16))).toBe(false);
  });
});
