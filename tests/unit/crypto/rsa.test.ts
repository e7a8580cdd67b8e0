import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/lib/shared/crypto/encoding';
import { CryptoError } from '../../../src/lib/shared/crypto/errors';
import { parsePem } from '../../../src/lib/shared/crypto/pem';
import { hybridDecrypt, hybridEncrypt, parseJwe } from '../../../src/lib/shared/crypto/rsa-hybrid';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateRsaKeyPairPem,
  generateRsaKeys,
  importPrivateKey,
  importPublicKey,
} from '../../../src/lib/shared/crypto/rsa-keys';
import { oaepMaxMessageBytes, rsaOaepDecrypt, rsaOaepEncrypt } from '../../../src/lib/shared/crypto/rsa-oaep';
import { rsaPssSign, rsaPssVerify } from '../../../src/lib/shared/crypto/rsa-pss';
import { fixture } from './vectors';

interface RsaFixture {
  keys: {
    bits: number;
    privateFormat: 'pkcs1' | 'pkcs8';
    privateKeyPem: string;
    publicKeyPem: string;
    publicKeyPkcs1Pem: string;
    oaep: { desc: string; plaintextHex: string; label: string | null; ciphertextBase64: string }[];
    pssSignatures: { saltLength: 'digest' | 'max'; messageHex: string; signatureBase64: string }[];
  }[];
}

const kat = fixture<RsaFixture>('rsa-oaep-kat.json');
const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const k2048 = kat.keys.find((k) => k.bits === 2048)!;

describe('RSA-OAEP known-answer ciphertexts (python3-cryptography and openssl, committed)', () => {
  for (const key of kat.keys) {
    it(`${key.bits}-bit ${key.privateFormat.toUpperCase()} key decrypts all ${key.oaep.length} ciphertexts`, async () => {
      const priv = await importPrivateKey(key.privateKeyPem, 'oaep');
      for (const c of key.oaep) {
        const opts = c.label ? { label: hex(c.label) } : {};
        expect(Buffer.from(await rsaOaepDecrypt(priv, fromBase64(c.ciphertextBase64), opts)).toString('hex'), c.desc).toBe(c.plaintextHex);
      }
    });
  }

  it('verifies the PSS signatures Python made with digest-length and maximum salts', async () => {
    for (const key of kat.keys) {
      for (const s of key.pssSignatures) {
        expect(await rsaPssVerify(key.publicKeyPem, hex(s.messageHex), fromBase64(s.signatureBase64), { saltLength: s.saltLength })).toBe(true);
        expect(await rsaPssVerify(key.publicKeyPkcs1Pem, hex(s.messageHex + '00'), fromBase64(s.signatureBase64), { saltLength: s.saltLength })).toBe(
          false,
        );
      }
    }
  });
});

describe('PEM formats', () => {
  it('re-exports an imported PKCS#1 key byte for byte, and converts PKCS#1 <-> PKCS#8 losslessly', async () => {
    const priv = await importPrivateKey(k2048.privateKeyPem, 'oaep');
    expect(await exportPrivateKeyPem(priv, 'pkcs1')).toBe(k2048.privateKeyPem);
    const pkcs8 = await exportPrivateKeyPem(priv, 'pkcs8');
    expect(pkcs8).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(await exportPrivateKeyPem(await importPrivateKey(pkcs8, 'pss'), 'pkcs1')).toBe(k2048.privateKeyPem);
    const pub = await importPublicKey(k2048.publicKeyPkcs1Pem, 'oaep');
    expect(await exportPublicKeyPem(pub, 'spki')).toBe(k2048.publicKeyPem);
    expect(await exportPublicKeyPem(pub, 'pkcs1')).toBe(k2048.publicKeyPkcs1Pem);
  });

  it('names what is wrong with keys it cannot take', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: Error) => (e instanceof CryptoError ? `${e.code}: ${e.message}` : `other: ${e.message}`),
      );
    expect(await err(importPublicKey('hello', 'oaep'))).toMatch(/^invalid_key: No PEM block found/);
    expect(await err(importPublicKey(k2048.privateKeyPem, 'oaep'))).toMatch(/This is a private key/);
    expect(await err(importPrivateKey(k2048.publicKeyPem, 'oaep'))).toMatch(/This is a public key/);
    expect(await err(importPrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', 'oaep'))).toMatch(
      /protected by a password/,
    );
    expect(await err(importPrivateKey(k2048.privateKeyPem.replace('MII', 'MIJ'), 'oaep'))).toMatch(/^invalid_key/);
    expect(
      await err(
        importPublicKey('-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA2bSJjbnYJ6Ypt4kX8R/yIrZ/8UaqxrDVzN5L4HL5qx8=\n-----END PUBLIC KEY-----', 'oaep'),
      ),
    ).toMatch(/not an RSA/);
    expect(await err(importPublicKey('-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----', 'oaep'))).toMatch(
      /^invalid_key: The PEM body is not valid base64/,
    );
    expect(parsePem(k2048.privateKeyPem).kind).toBe('pkcs1-private');
  });
});

describe('OAEP size limit and hybrid encryption', () => {
  it('fits 190 bytes at 2048 bits and explains the limit past it', async () => {
    expect(oaepMaxMessageBytes(2048)).toBe(190);
    expect(oaepMaxMessageBytes(3072)).toBe(318);
    expect(oaepMaxMessageBytes(4096)).toBe(446);
    const ok = await rsaOaepEncrypt(k2048.publicKeyPem, new Uint8Array(190));
    expect(ok).toHaveLength(256);
    await expect(rsaOaepEncrypt(k2048.publicKeyPem, new Uint8Array(191))).rejects.toMatchObject({
      code: 'message_too_long',
      message: expect.stringMatching(/191 bytes.*2048-bit key fits at most 190 bytes.*hybrid/),
    });
  });

  it('refuses a ciphertext for another key with one opaque message', async () => {
    const other = await generateRsaKeyPairPem(2048);
    const ct = await rsaOaepEncrypt(other.publicKeyPem, 'not for you');
    await expect(rsaOaepDecrypt(k2048.privateKeyPem, ct)).rejects.toMatchObject({ code: 'decryption_failed' });
    await expect(rsaOaepDecrypt(k2048.privateKeyPem, ct.subarray(1))).rejects.toThrow(/exactly 256 bytes/);
  });

  it('round-trips arbitrary data of any size through RSA-OAEP-256 + A256GCM (fast-check)', async () => {
    const pub = await importPublicKey(k2048.publicKeyPem, 'oaep');
    const priv = await importPrivateKey(k2048.privateKeyPem, 'oaep');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), async (data) => {
        const jwe = await hybridEncrypt(pub, data);
        expect(await hybridDecrypt(priv, jwe)).toEqual(data);
      }),
      { numRuns: 40 },
    );
    const jwe = await hybridEncrypt(pub, 'x'.repeat(10_000));
    expect(parseJwe(jwe).header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    const parts = jwe.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('A') ? 'BA' : 'AA');
    await expect(hybridDecrypt(priv, parts.join('.'))).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('round-trips short messages through plain OAEP (fast-check)', async () => {
    const pub = await importPublicKey(k2048.publicKeyPem, 'oaep');
    const priv = await importPrivateKey(k2048.privateKeyPem, 'oaep');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 190 }), async (data) => {
        expect(await rsaOaepDecrypt(priv, await rsaOaepEncrypt(pub, data))).toEqual(data);
      }),
      { numRuns: 30 },
    );
  });
});

describe('key generation and signatures', () => {
  it('generates a 4096-bit key while the event loop keeps turning', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pair = await generateRsaKeys(4096, 'pss');
    clearInterval(timer);
    // Were generation synchronous, no timer callback could run before it finished.
    expect(ticks).toBeGreaterThan(0);
    expect((pair.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(4096);
    const sig = await rsaPssSign(pair.privateKey, 'signed');
    expect(sig).toHaveLength(512);
    expect(await rsaPssVerify(pair.publicKey, 'signed', sig)).toBe(true);
    expect(await rsaPssVerify(pair.publicKey, 'signed!', sig)).toBe(false);
    expect(await rsaPssVerify(pair.publicKey, 'signed', sig, { saltLength: 'max' })).toBe(false);
  });

  it('refuses modulus sizes outside 2048/3072/4096', async () => {
    // @ts-expect-error: 1024 is deliberately not an accepted size
    await expect(generateRsaKeys(1024)).rejects.toThrow(/2048, 3072, 4096/);
  });
});
