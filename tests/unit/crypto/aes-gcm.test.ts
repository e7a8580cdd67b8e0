import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, generateAesKey, openAesGcm, sealAesGcm } from '../../../src/lib/shared/crypto/aes-gcm';
import { toHex } from '../../../src/lib/shared/crypto/encoding';

describe('AES-256-GCM', () => {
  it('matches the NIST GCM spec test case 13 (256-bit zero key, zero IV, empty message)', async () => {
    // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 13: T = 530f8afbc74536b9a963b4f1c4cb738b.
    const { ciphertext } = await aesGcmEncrypt(new Uint8Array(32), new Uint8Array(0), { nonce: new Uint8Array(12) });
    expect(toHex(ciphertext)).toBe('530f8afbc74536b9a963b4f1c4cb738b');
  });

  it('matches test case 14 (one zero block)', async () => {
    const { ciphertext } = await aesGcmEncrypt(new Uint8Array(32), new Uint8Array(16), { nonce: new Uint8Array(12) });
    expect(toHex(ciphertext)).toBe('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  });

  it('round-trips with AAD and catches any change (fast-check)', async () => {
    const key = generateAesKey();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1000 }), fc.string({ maxLength: 20 }), async (data, aad) => {
        const sealed = await sealAesGcm(key, data, aad);
        expect(await openAesGcm(key, sealed, aad)).toEqual(data);
        await expect(openAesGcm(key, sealed, aad + 'x')).rejects.toMatchObject({ code: 'decryption_failed' });
      }),
      { numRuns: 60 },
    );
    const { nonce, ciphertext } = await aesGcmEncrypt(key, 'hello');
    await expect(aesGcmDecrypt(generateAesKey(), nonce, ciphertext)).rejects.toThrow(/authentication failed/);
    await expect(aesGcmEncrypt(new Uint8Array(16), 'x')).rejects.toThrow(/32 bytes/);
  });
});
