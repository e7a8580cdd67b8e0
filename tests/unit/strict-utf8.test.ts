import { describe, expect, it } from 'vitest';
import { decodeBodyText } from '../../src/lib/server/http/body';
import { fromUtf8 } from '../../src/lib/shared/crypto/bytes';

/** Both strict decoders are made once and reused, so a refusal must leave nothing behind for the next text. */
describe('strict UTF-8 decoding with one reused decoder', () => {
  const good = Buffer.from('{"query":"{ hello }","n":"Zoë 😀"}');
  const cut = Buffer.from('Zoë 😀').subarray(0, 7); // ends inside the emoji (9 bytes in all)
  const invalid = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);

  it('refuses invalid and truncated bytes, then reads the next body whole', () => {
    for (const bad of [invalid, cut]) {
      expect(() => decodeBodyText([bad], bad.length)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_encoding' }));
      expect(decodeBodyText([good], good.length)).toBe(good.toString('utf8'));
      expect(() => fromUtf8(bad)).toThrow(TypeError);
      expect(fromUtf8(good)).toBe(good.toString('utf8'));
    }
  });

  it('joins chunks split inside a character', () => {
    const bytes = Buffer.from('Zoë 😀 done');
    expect(decodeBodyText([bytes.subarray(0, 7), bytes.subarray(7)], bytes.length)).toBe('Zoë 😀 done');
  });
});
