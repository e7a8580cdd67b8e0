import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/shared/crypto/encoding';
import { type CryptoErrorCode, FernetError } from '../../../src/lib/shared/crypto/errors';
import * as serverFernet from '../../../src/lib/server/crypto/fernet';
import * as webFernet from '../../../src/lib/shared/crypto/fernet';
import { readTokenFields } from '../../../src/lib/shared/crypto/fernet';
import { describeFernetToken } from '../../../src/lib/shared/crypto/fernet-layout';
import { MultiFernet } from '../../../src/lib/shared/crypto/multi-fernet';
import { fixture } from './vectors';

interface FernetFixture {
  generate: { token: string; now: string; iv: number[]; src: string; secret: string }[];
  verify: { token: string; now: string; ttl_sec: number; src: string; secret: string }[];
  invalid: { desc: string; token: string; now: string; ttl_sec: number; secret: string }[];
}

const spec = fixture<FernetFixture>('fernet-vectors.json');
const at = (iso: string) => new Date(iso);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function failure(p: Promise<unknown>): Promise<FernetError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FernetError) return err;
    throw err;
  }
  throw new Error('expected a FernetError');
}

// Which check each official invalid vector must fail, by its description.
const EXPECTED: Record<string, CryptoErrorCode> = {
  'incorrect mac': 'invalid_signature',
  'too short': 'invalid_token',
  'invalid base64': 'invalid_token',
  'payload size not multiple of block size': 'invalid_token',
  'payload padding error': 'invalid_token',
  'far-future TS (unacceptable clock skew)': 'future_timestamp',
  'expired TTL': 'expired',
  'incorrect IV (causes padding error)': 'invalid_token',
  'trailing characters after b64 padding': 'invalid_token',
  'invalid characters in b64': 'invalid_token',
  'invalid non-urlsafe characters in b64': 'invalid_token',
};

// The browser's WebCrypto implementation (the public contract) and the server's node:crypto one must behave alike.
const IMPLEMENTATIONS = [
  { name: 'WebCrypto (shared)', ...webFernet, importKey: (k: webFernet.FernetKeyInput) => webFernet.Fernet.create(k) },
  { name: 'node:crypto (server)', ...serverFernet, importKey: (k: webFernet.FernetKeyInput) => serverFernet.ServerFernet.create(k) },
];

describe.each(IMPLEMENTATIONS)('$name', ({ encrypt, decrypt, decryptText, generateKey, importKey }) => {
  describe('Fernet spec vectors (github.com/fernet/spec)', () => {
    it('generate.json: same key, clock and IV give the exact token', async () => {
      for (const v of spec.generate) {
        expect(await encrypt(v.secret, v.src, { now: at(v.now), iv: Uint8Array.from(v.iv) })).toBe(v.token);
      }
    });

    it('verify.json: the token decrypts within its TTL', async () => {
      for (const v of spec.verify) {
        expect(text(await decrypt(v.secret, v.token, { ttl: v.ttl_sec, now: at(v.now) }))).toBe(v.src);
      }
    });

    it('invalid.json: every bad token is refused, naming the failed check', async () => {
      expect(spec.invalid.map((v) => v.desc).sort()).toEqual(Object.keys(EXPECTED).sort());
      for (const v of spec.invalid) {
        const err = await failure(decrypt(v.secret, v.token, { ttl: v.ttl_sec, now: at(v.now) }));
        expect(err.code, v.desc).toBe(EXPECTED[v.desc]);
      }
    });
  });

  describe('Fernet rules', () => {
    const key = spec.generate[0]!.secret;
    const made = at('1985-10-26T01:20:00-07:00').getTime() / 1000;

    it('applies TTL and clock skew only when a TTL is given (as Python does)', async () => {
      const token = await encrypt(key, 'x', { now: made });
      expect(text(await decrypt(key, token, { now: made + 10_000 }))).toBe('x');
      expect(text(await decrypt(key, token, { ttl: 60, now: made + 60 }))).toBe('x');
      expect((await failure(decrypt(key, token, { ttl: 60, now: made + 61 }))).code).toBe('expired');
      expect(text(await decrypt(key, token, { ttl: 60, now: made - 60 }))).toBe('x');
      expect((await failure(decrypt(key, token, { ttl: 60, now: made - 61 }))).code).toBe('future_timestamp');
    });

    it('refuses bad keys with the reason', async () => {
      expect((await failure(encrypt('short', 'x'))).code).toBe('invalid_key');
      expect((await failure(encrypt(key.replace('-', '+'), 'x'))).message).toMatch(/not in its alphabet/);
      expect((await failure(decrypt(new Uint8Array(16), 'gAAA'))).message).toMatch(/32 bytes/);
      // A password passed as a key: the message says what a key is and never repeats the text.
      const pw = (await failure(encrypt('password123', 'x'))).message;
      expect(pw).toBe(
        'A Fernet key is 44 url-safe base64 characters (32 random bytes; make one with generateKey()), not a password; this one has 11 characters.',
      );
      expect(pw).not.toContain('password123');
    });

    it("refuses another key's token and a wrong version byte", async () => {
      const token = await encrypt(await generateKey(), 'secret');
      expect((await failure(decrypt(key, token))).code).toBe('invalid_signature');
      const bytes = Buffer.from(token, 'base64url');
      bytes[0] = 0x81;
      expect((await failure(decrypt(key, bytes.toString('base64url')))).message).toMatch(/version byte is 0x81/);
    });

    it('generates 32-byte url-safe keys, never the same twice', async () => {
      const a = await generateKey();
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}=$/);
      expect(Buffer.from(a, 'base64url')).toHaveLength(32);
      expect(await generateKey()).not.toBe(a);
    });

    it('lays the token out as version | timestamp | iv | ciphertext | hmac', async () => {
      const rows = describeFernetToken(spec.generate[0]!.token);
      expect(rows.map((r) => [r.field, r.offset, r.bytes])).toEqual([
        ['version', 0, 1],
        ['timestamp', 1, 8],
        ['iv', 9, 16],
        ['ciphertext', 25, 16],
        ['hmac', 41, 32],
      ]);
      expect(rows[1]!.meaning).toContain('1985-10-26T08:20:00.000Z');
      expect(toHex(readTokenFields(spec.generate[0]!.token).iv)).toBe('000102030405060708090a0b0c0d0e0f');
    });

    it('decryptText refuses non-UTF-8 plaintext with a hint', async () => {
      const token = await encrypt(key, new Uint8Array([0xff, 0xfe]));
      await expect(decryptText(key, token)).rejects.toThrow(/not UTF-8/);
    });
  });

  describe('MultiFernet', () => {
    it('decrypts with any key, encrypts with the first, rotates keeping the timestamp', async () => {
      const [oldKey, newKey] = [await generateKey(), await generateKey()];
      const old = await encrypt(oldKey, 'rotate me', { now: 1_000_000 });
      const multi = await MultiFernet.create([newKey, oldKey], importKey);
      expect(text(await multi.decrypt(old))).toBe('rotate me');
      const rotated = await multi.rotate(old);
      expect(readTokenFields(rotated).timestamp).toBe(1_000_000n);
      expect(text(await decrypt(newKey, rotated))).toBe('rotate me');
      await expect(decrypt(oldKey, rotated)).rejects.toThrow(/HMAC does not match/);
      const stranger = await encrypt(await generateKey(), 'x');
      expect((await failure(multi.decrypt(stranger))).message).toMatch(/none of the 2 keys/);
      expect((await failure(multi.decrypt(old, { ttl: 10 }))).code).toBe('expired');
      const single = await MultiFernet.create([newKey], importKey);
      expect((await failure(single.decrypt(stranger))).message).toBe("The token's HMAC does not match the key.");
    });
  });

  describe('round trips (fast-check)', () => {
    it('decrypt(encrypt(x)) === x for arbitrary bytes and text', async () => {
      const f = await importKey(await generateKey());
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (data) => {
          expect(await f.decrypt(await f.encrypt(data))).toEqual(data);
        }),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (s) => {
          expect(text(await f.decrypt(await f.encrypt(s)))).toBe(s);
        }),
        { numRuns: 100 },
      );
    });

    it('any single flipped byte is caught', async () => {
      const key = await generateKey();
      const token = await encrypt(key, 'integrity matters');
      const raw = Buffer.from(token, 'base64url');
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
          const bad = Buffer.from(raw);
          bad[i]! ^= x;
          await expect(decrypt(key, bad.toString('base64url'))).rejects.toBeInstanceOf(FernetError);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('WebCrypto and node:crypto implementations together', () => {
  it("each opens the other's tokens, and both make the same token from the same key, clock and IV", async () => {
    const key = await serverFernet.generateKey();
    const data = new Uint8Array(Buffer.from('Ünïcode and bytes \u0000\u00ff'.repeat(40)));
    expect(await webFernet.decrypt(key, await serverFernet.encrypt(key, data))).toEqual(data);
    expect(await serverFernet.decrypt(key, await webFernet.encrypt(key, data))).toEqual(data);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        async (bytes, iv, now) => {
          expect(await serverFernet.encrypt(key, bytes, { iv, now })).toBe(await webFernet.encrypt(key, bytes, { iv, now }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuse every malformed spelling of a token with the same code and message', async () => {
    const key = spec.generate[0]!.secret;
    const good = spec.generate[0]!.token;
    const spellings = [
      good.slice(0, -1),
      good.replace(/=+$/, ''),
      `${good}=`,
      `${good}x`,
      good.replace('A', '+'),
      ` ${good} `,
      'gAAAAA==',
      '',
      '====',
      good.replace(/^g/, 'h'),
      good.slice(0, -4) + good.slice(-4).replace(/.=$/, 'B='),
    ];
    const outcome = async (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: FernetError) => `${e.code}: ${e.message}`,
      );
    for (const token of spellings) {
      expect(await outcome(serverFernet.decrypt(key, token)), JSON.stringify(token)).toBe(await outcome(webFernet.decrypt(key, token)));
    }
  });
});
