import { describe, expect, it } from 'vitest';
import { HASH_ALGORITHMS, parseHashAlgorithm } from '../../../src/lib/shared/crypto/algorithms';
import { digest, hashBase64, hashHex, sha256Hex } from '../../../src/lib/shared/crypto/hash';
import { CryptoError } from '../../../src/lib/shared/crypto/errors';
import { fixture, inputBytes, type InputSpec } from './vectors';

interface HashFixture {
  groups: { algorithm: string; source: string; cases: { input: InputSpec; hex: string }[] }[];
}

const vectors = fixture<HashFixture>('hash-vectors.json');

describe('hash known answers (NIST FIPS 180-4 / 202, RFC 1321, RFC 7693)', () => {
  it('covers every algorithm the portal offers', () => {
    expect(vectors.groups.map((g) => g.algorithm).sort()).toEqual([...HASH_ALGORITHMS].sort());
  });
  for (const group of vectors.groups) {
    it(`${group.algorithm}: ${group.cases.length} vectors from ${group.source.split(' (')[0]}`, async () => {
      for (const c of group.cases) expect(await hashHex(group.algorithm, inputBytes(c.input))).toBe(c.hex);
    });
  }
});

describe("the interview answer's two digests", () => {
  it('SHA-256("Test text 1!") and MD5("Test Text 1!") are exactly what the seed printed', async () => {
    expect(await sha256Hex('Test text 1!')).toBe('869297af031fb9520b603295d34f9ede3201565145b60e62af6623f69d9a3564');
    expect(await hashHex('md5', 'Test Text 1!')).toBe('b9584c9631b248822b01720c7f3e0a92');
  });
});

describe('inputs and names', () => {
  it('hashes a File and streams it with progress for noble-backed algorithms', async () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => i % 251);
    const file = new File([big], 'data.bin');
    const seen: number[] = [];
    for (const alg of HASH_ALGORITHMS) {
      const fromFile = await digest(alg, file, { onProgress: (done) => seen.push(done) });
      expect(fromFile).toEqual(await digest(alg, big));
    }
    expect(seen.at(-1)).toBe(big.length);
  });

  it('accepts Python-style names and refuses unknown ones with the list', () => {
    expect(parseHashAlgorithm('sha256')).toBe('SHA-256');
    expect(parseHashAlgorithm('sha3_256')).toBe('SHA3-256');
    expect(parseHashAlgorithm('BLAKE2B')).toBe('BLAKE2b-512');
    expect(() => parseHashAlgorithm('constructor')).toThrow(CryptoError);
    expect(() => parseHashAlgorithm('sha224')).toThrow(/use one of MD5, SHA-1/);
  });

  it('gives base64 output too', async () => {
    expect(await hashBase64('SHA-256', 'abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
