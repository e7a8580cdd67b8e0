import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, toHex } from '../../../src/lib/shared/crypto/encoding';

describe('strict codecs', () => {
  it("round-trip arbitrary bytes and agree with Node's Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b = Buffer.from(bytes);
        expect(toHex(bytes)).toBe(b.toString('hex'));
        expect(toBase64(bytes)).toBe(b.toString('base64'));
        expect(toBase64Url(bytes, false)).toBe(b.toString('base64url'));
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
        expect(fromBase64Url(toBase64Url(bytes, false))).toEqual(bytes);
      }),
    );
  });

  it('refuse what lenient decoders would quietly skip', () => {
    expect(() => fromHex('abc')).toThrow(/odd number/);
    expect(() => fromHex('zz')).toThrow(/only 0-9/);
    expect(() => fromBase64('ab$d')).toThrow(/"\$" at position 2/);
    expect(() => fromBase64Url('ab+d')).toThrow(/not in its alphabet/);
    expect(() => fromBase64('a===')).toThrow(/padding/);
    expect(() => fromBase64('abcde')).toThrow(/impossible/);
    expect(() => fromBase64('QR==')).toThrow(/bits that do not belong/);
    expect(() => fromBase64Url('QQ==x')).toThrow(/padding at position 2 is followed/);
    expect(() => fromBase64Url('QQ', 'token', true)).toThrow(/multiple of 4/);
  });
});
