import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Bytes, type BytesLike, fromUtf8 } from '../../shared/crypto/bytes';
import { CryptoError } from '../../shared/crypto/errors';
import {
  decodeKey,
  type DecryptOptions,
  type EncryptOptions,
  FERNET_VERSION,
  type FernetCipher,
  type FernetKeyInput,
  type FernetPrimitives,
  MIN_TOKEN_BYTES,
  momentSeconds,
  openToken,
} from '../../shared/crypto/fernet';

/**
 * Fernet for the server, on node:crypto: the same contract, checks, order
 * and errors as src/lib/shared/crypto/fernet.ts (which the browser keeps, on
 * WebCrypto), but synchronous OpenSSL calls. WebCrypto sends each of a
 * token's four operations to libuv's thread pool and back through a promise,
 * which made the API's Fernet 6x slower than node:crypto for 1 KB; here one
 * token costs what it costs OpenSSL plus the framing.
 *
 * Tokens are read by the shared reader (openToken), so every refusal has
 * the same code and message in both implementations; the server only brings
 * a faster base64 step for text in the canonical padded form, which the
 * shared strict decoder would decode to the same bytes (anything else, bad
 * characters, odd padding, stray bits, goes through that decoder).
 */

// Whole 4-character groups, then an optional padded tail whose last character carries no stray bits.
const CANONICAL_TOKEN = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-][AQgw]==|[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]=)?$/;

/** Node's base64 for canonical text of a well-formed token; null otherwise, so the shared decoder decides (and words the refusal). */
function fastTokenBytes(text: string): Buffer<ArrayBuffer> | null {
  if (!CANONICAL_TOKEN.test(text)) return null;
  // Buffer.from allocates in a plain ArrayBuffer (Node's pool), never a shared one.
  const raw: Buffer<ArrayBuffer> = Buffer.from(text, 'base64url');
  return raw.length >= MIN_TOKEN_BYTES && raw[0] === FERNET_VERSION ? raw : null;
}

/** Url-safe base64 with the "=" padding Fernet keeps (Node's base64url drops it). */
function toPaddedBase64Url(bytes: Buffer): string {
  const text = bytes.toString('base64url');
  const rem = text.length % 4;
  return rem === 0 ? text : text + (rem === 2 ? '==' : '=');
}

/** A copy in a plain ArrayBuffer of its own (small Buffers share Node's pool, which callers must not see). */
function ownBytes(buf: Buffer): Bytes {
  return new Uint8Array(buf);
}

/** A Fernet key imported into node:crypto; the server's counterpart of the shared `Fernet` class. */
export class ServerFernet implements FernetCipher {
  private readonly primitives: FernetPrimitives;

  private constructor(
    private readonly signing: KeyObject,
    private readonly encryption: KeyObject,
  ) {
    this.primitives = {
      macMatches: (signed, mac) => timingSafeEqual(createHmac('sha256', this.signing).update(signed).digest(), mac),
      decryptCbc: (iv, ciphertext) => {
        const decipher = createDecipheriv('aes-128-cbc', this.encryption, iv);
        return ownBytes(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
      },
    };
  }

  /** Import a key (throws FernetError `invalid_key` when it is not 32 url-safe base64 bytes). */
  static async create(key: FernetKeyInput): Promise<ServerFernet> {
    const raw = decodeKey(key);
    return new ServerFernet(createSecretKey(raw.subarray(0, 16)), createSecretKey(raw.subarray(16, 32)));
  }

  /** Encrypt and sign `data` (text is UTF-8 encoded) into a token. */
  async encrypt(data: BytesLike, opts: EncryptOptions = {}): Promise<string> {
    const timestamp = momentSeconds(opts.now, 'time');
    const iv = opts.iv === undefined ? randomBytes(16) : opts.iv;
    if (!(iv instanceof Uint8Array) || iv.byteLength !== 16)
      throw new CryptoError('invalid_input', `A Fernet IV is 16 bytes; got ${(iv as Uint8Array).byteLength}.`);
    const plain = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const cipher = createCipheriv('aes-128-cbc', this.encryption, iv);
    const head = cipher.update(plain);
    const tail = cipher.final();
    // version | timestamp | iv | ciphertext | hmac, written into one buffer.
    const out = Buffer.allocUnsafe(25 + head.length + tail.length + 32);
    out[0] = FERNET_VERSION;
    out.writeBigUInt64BE(timestamp, 1);
    out.set(iv, 9);
    head.copy(out, 25);
    tail.copy(out, 25 + head.length);
    const signedEnd = out.length - 32;
    createHmac('sha256', this.signing).update(out.subarray(0, signedEnd)).digest().copy(out, signedEnd);
    return toPaddedBase64Url(out);
  }

  /** Verify and decrypt a token; resolves with the plaintext bytes and the token's timestamp. */
  async decryptWithTimestamp(token: string | Uint8Array, opts: DecryptOptions = {}): Promise<{ data: Bytes; timestamp: bigint }> {
    return openToken(token, opts, this.primitives, fastTokenBytes);
  }

  /** Verify and decrypt a token into bytes. */
  async decrypt(token: string | Uint8Array, opts: DecryptOptions = {}): Promise<Bytes> {
    return (await this.decryptWithTimestamp(token, opts)).data;
  }

  /** The token's creation time in Unix seconds, after checking its signature (Python's `extract_timestamp`). */
  async extractTimestamp(token: string | Uint8Array): Promise<number> {
    return Number((await this.decryptWithTimestamp(token)).timestamp);
  }
}

/** A fresh random key: 32 bytes from OpenSSL's CSPRNG, url-safe base64 with padding (44 characters). */
export async function generateKey(): Promise<string> {
  return toPaddedBase64Url(randomBytes(32));
}

/** Encrypt `data` under `key` into a Fernet token (`now` and `iv` fix the clock and IV for test vectors). */
export async function encrypt(key: FernetKeyInput, data: BytesLike, opts: EncryptOptions = {}): Promise<string> {
  return (await ServerFernet.create(key)).encrypt(data, opts);
}

/** Verify and decrypt a Fernet token; `ttl` in seconds rejects older tokens. Resolves with the plaintext bytes. */
export async function decrypt(key: FernetKeyInput, token: string | Uint8Array, opts: DecryptOptions = {}): Promise<Bytes> {
  return (await ServerFernet.create(key)).decrypt(token, opts);
}

/** Decrypt a token whose plaintext is UTF-8 text. */
export async function decryptText(key: FernetKeyInput, token: string | Uint8Array, opts: DecryptOptions = {}): Promise<string> {
  const data = await decrypt(key, token, opts);
  try {
    return fromUtf8(data);
  } catch {
    throw new CryptoError('invalid_input', 'The token is valid but its plaintext is not UTF-8 text; decrypt to bytes instead.');
  }
}
