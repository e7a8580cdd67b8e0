import { type Bytes, type BytesLike, concatBytes, fromUtf8, randomBytes, subtle, toBytes } from './bytes';
import { fromBase64Url, toBase64Url } from './encoding';
import { CryptoError, FernetError } from './errors';
import { humanSpan } from '../time-format';

/**
 * Fernet (https://github.com/fernet/spec, version 0x80), with WebCrypto only:
 *
 *   token = base64url( 0x80 | timestamp (u64 BE seconds) | IV (16) | AES-128-CBC ciphertext | HMAC-SHA256 (32) )
 *   key   = base64url( signing key (16) | encryption key (16) )
 *
 * Verification follows the spec's steps in order: decode, version byte,
 * TTL and clock skew (only when a TTL is given, as in Python's
 * `cryptography`), constant-time HMAC check, decrypt, unpad. Every failure is
 * a FernetError whose `code` names the failed check.
 */

/** The only version byte the spec defines. */
export const FERNET_VERSION = 0x80;
/** How far in the future a token's timestamp may be when a TTL is checked (Python's `_MAX_CLOCK_SKEW`). */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** "90 s" as "1 min (90 s)", "36 years (1165244958 s)": readable, and exact for whoever checks the arithmetic. */
function spanWithSeconds(s: bigint): string {
  return s < 60n && s > -60n ? `${s} s` : `${humanSpan(s)} (${s} s)`;
}
/** Version + timestamp + IV + one cipher block + HMAC: the shortest possible token, in bytes. */
export const MIN_TOKEN_BYTES = 1 + 8 + 16 + 16 + 32;

/** A Fernet key: its url-safe base64 text (as Python's `Fernet.generate_key()` gives) or its 32 raw bytes. */
export type FernetKeyInput = string | Uint8Array;
/** A moment: a Date, or Unix time in seconds (as the spec and Python's `encrypt_at_time` count). */
export type Moment = Date | number;

/** Options for encrypt: a fixed clock and IV, for test vectors and the lesson's byte-by-byte view. */
export interface EncryptOptions {
  now?: Moment;
  iv?: Uint8Array;
}

/** Options for decrypt: `ttl` in seconds (omit to accept any age) and the clock to check it against. */
export interface DecryptOptions {
  ttl?: number;
  now?: Moment;
}

/** The fields of a token, read without checking anything but its layout. */
export interface TokenFields {
  version: number;
  /** Seconds since 1970 as written in the token (a bigint: the field is 64 bits). */
  timestamp: bigint;
  iv: Bytes;
  ciphertext: Bytes;
  hmac: Bytes;
  /** The whole decoded token. */
  bytes: Bytes;
}

/** A moment as whole Unix seconds (now when undefined); throws CryptoError `invalid_input` for anything else. */
export function momentSeconds(moment: Moment | undefined, what: string): bigint {
  if (moment === undefined) return BigInt(Math.floor(Date.now() / 1000));
  const s = moment instanceof Date ? moment.getTime() / 1000 : moment;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
    throw new CryptoError('invalid_input', `The ${what} must be a Date or a non-negative number of seconds since 1970.`);
  }
  return BigInt(Math.floor(s));
}

/** Decode and check a key: 32 bytes, given as url-safe base64 text or raw bytes. */
export function decodeKey(key: FernetKeyInput): Bytes {
  let raw: Bytes;
  if (typeof key === 'string') {
    const text = key.trim();
    try {
      raw = fromBase64Url(text, 'Fernet key');
    } catch (err) {
      // Learners often pass a password here; say what a key looks like, never echo the key itself.
      // The decoder's detail only helps when the text is key-sized (a typo or a `+` for a `-`).
      const detail = text.length >= 43 && text.length <= 44 ? ` ${(err as Error).message}` : '';
      throw new FernetError(
        'invalid_key',
        `A Fernet key is 44 url-safe base64 characters (32 random bytes; make one with generateKey()), not a password; this one has ${text.length} characters.${detail}`,
      );
    }
  } else if (key instanceof Uint8Array) {
    raw = toBytes(key);
  } else {
    throw new FernetError('invalid_key', 'A Fernet key must be a url-safe base64 string or 32 bytes.');
  }
  if (raw.byteLength !== 32) {
    throw new FernetError(
      'invalid_key',
      `A Fernet key is 32 bytes (44 url-safe base64 characters; make one with generateKey()); this one is ${raw.byteLength} bytes.`,
    );
  }
  return raw;
}

/**
 * A faster way to a token's bytes that an implementation may bring (the
 * server's native base64): the bytes, or null to use the strict decoder here,
 * whose errors every refusal then shares. It must only answer for text that
 * the strict decoder would decode to the same bytes.
 */
export type FastTokenDecoder = (text: string) => Bytes | null;

/** A token's bytes, checked for version and length: the one reader of every implementation. */
function tokenBytes(token: string | Uint8Array, fast?: FastTokenDecoder): Bytes {
  const text = (typeof token === 'string' ? token : new TextDecoder('latin1').decode(token)).trim();
  let bytes = fast?.(text) ?? null;
  if (!bytes) {
    try {
      bytes = fromBase64Url(text, 'Fernet token');
    } catch (err) {
      throw new FernetError('invalid_token', (err as Error).message);
    }
  }
  if (bytes.byteLength === 0 || bytes[0] !== FERNET_VERSION) {
    const got = bytes.byteLength ? `0x${bytes[0]!.toString(16).padStart(2, '0')}` : 'nothing';
    throw new FernetError('invalid_token', `The token's version byte is ${got}; Fernet tokens start with 0x80.`);
  }
  if (bytes.byteLength < MIN_TOKEN_BYTES) {
    throw new FernetError('invalid_token', `The token is too short: ${bytes.byteLength} bytes, at least ${MIN_TOKEN_BYTES} are needed.`);
  }
  return bytes;
}

/** A token's timestamp field (bytes 1-8, big-endian seconds). */
function timestampOf(bytes: Bytes): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(1, false);
}

/** Read a token's fields (layout only: no signature or time check). */
export function readTokenFields(token: string | Uint8Array): TokenFields {
  const bytes = tokenBytes(token);
  return {
    version: bytes[0]!,
    timestamp: timestampOf(bytes),
    iv: bytes.slice(9, 25),
    ciphertext: bytes.slice(25, bytes.byteLength - 32),
    hmac: bytes.slice(bytes.byteLength - 32),
    bytes,
  };
}

/** The two primitives an implementation brings to `openToken`: WebCrypto's here, node:crypto's on the server. */
export interface FernetPrimitives {
  /** Whether `mac` is the HMAC-SHA256 of `signed` under the signing key, compared in constant time. */
  macMatches(signed: Bytes, mac: Bytes): boolean | Promise<boolean>;
  /** AES-128-CBC decryption under the encryption key, with PKCS#7 unpadding; throws when the padding is wrong. */
  decryptCbc(iv: Bytes, ciphertext: Bytes): Bytes | Promise<Bytes>;
}

/**
 * Verify and decrypt a token with an implementation's primitives, the spec's
 * steps in order: read (version, length), age (only with a TTL), HMAC,
 * whole blocks, decrypt and unpad. One reader for every implementation, so
 * each refusal has the same code and message wherever it happens.
 */
export async function openToken(
  token: string | Uint8Array,
  opts: DecryptOptions,
  primitives: FernetPrimitives,
  fast?: FastTokenDecoder,
): Promise<{ data: Bytes; timestamp: bigint }> {
  const bytes = tokenBytes(token, fast);
  const timestamp = timestampOf(bytes);
  checkTokenAge(timestamp, opts);
  const signedEnd = bytes.byteLength - 32;
  if (!(await primitives.macMatches(bytes.subarray(0, signedEnd), bytes.subarray(signedEnd)))) {
    throw new FernetError('invalid_signature', "The token's HMAC does not match: it was made with another key or has been altered.");
  }
  const ciphertext = bytes.subarray(25, signedEnd);
  if (ciphertext.byteLength % 16 !== 0) {
    throw new FernetError('invalid_token', `The ciphertext is ${ciphertext.byteLength} bytes, not a whole number of 16-byte AES blocks.`);
  }
  try {
    return { data: await primitives.decryptCbc(bytes.subarray(9, 25), ciphertext), timestamp };
  } catch {
    throw new FernetError('invalid_token', 'The decrypted message has invalid PKCS#7 padding.');
  }
}

/**
 * The spec's time check, run before the signature check and only when a TTL
 * is given (as in Python's `cryptography`): not older than the TTL, not more
 * than MAX_CLOCK_SKEW_SECONDS in the future. Shared by every implementation.
 */
export function checkTokenAge(timestamp: bigint, opts: DecryptOptions): void {
  if (opts.ttl === undefined) return;
  if (typeof opts.ttl !== 'number' || !Number.isFinite(opts.ttl) || opts.ttl < 0) {
    throw new CryptoError('invalid_input', 'The ttl must be a non-negative number of seconds.');
  }
  const now = momentSeconds(opts.now, 'current time');
  if (timestamp + BigInt(Math.floor(opts.ttl)) < now) {
    throw new FernetError(
      'expired',
      `The token has expired: it was made ${spanWithSeconds(now - timestamp)} ago and the ttl is ${Math.floor(opts.ttl)} s.`,
    );
  }
  if (now + BigInt(MAX_CLOCK_SKEW_SECONDS) < timestamp) {
    throw new FernetError(
      'future_timestamp',
      `The token's timestamp is ${spanWithSeconds(timestamp - now)} in the future; at most ${MAX_CLOCK_SKEW_SECONDS} s of clock skew is accepted.`,
    );
  }
}

/** What a Fernet implementation offers once its key is imported (WebCrypto here, node:crypto on the server). */
export interface FernetCipher {
  encrypt(data: BytesLike, opts?: EncryptOptions): Promise<string>;
  decryptWithTimestamp(token: string | Uint8Array, opts?: DecryptOptions): Promise<{ data: Bytes; timestamp: bigint }>;
  decrypt(token: string | Uint8Array, opts?: DecryptOptions): Promise<Bytes>;
}

/** A Fernet instance holds one key, imported once into WebCrypto (like Python's `Fernet(key)`). */
export class Fernet implements FernetCipher {
  private readonly primitives: FernetPrimitives;

  private constructor(
    private readonly signing: CryptoKey,
    private readonly encryption: CryptoKey,
  ) {
    this.primitives = {
      // WebCrypto's HMAC verify compares in constant time (CRYPTO_memcmp in Node and in Chromium's BoringSSL).
      macMatches: (signed, mac) => subtle().verify('HMAC', this.signing, mac, signed),
      decryptCbc: async (iv, ciphertext) => new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv }, this.encryption, ciphertext)),
    };
  }

  /** Import a key (throws FernetError `invalid_key` when it is not 32 url-safe base64 bytes). */
  static async create(key: FernetKeyInput): Promise<Fernet> {
    const raw = decodeKey(key);
    const s = subtle();
    const [signing, encryption] = await Promise.all([
      s.importKey('raw', raw.slice(0, 16), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
      s.importKey('raw', raw.slice(16, 32), { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']),
    ]);
    return new Fernet(signing, encryption);
  }

  /** Encrypt and sign `data` (text is UTF-8 encoded) into a token. */
  async encrypt(data: BytesLike, opts: EncryptOptions = {}): Promise<string> {
    const timestamp = momentSeconds(opts.now, 'time');
    const iv = opts.iv === undefined ? randomBytes(16) : toBytes(opts.iv);
    if (iv.byteLength !== 16) throw new CryptoError('invalid_input', `A Fernet IV is 16 bytes; got ${iv.byteLength}.`);
    // WebCrypto's AES-CBC adds the PKCS#7 padding the spec asks for.
    const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv }, this.encryption, toBytes(data)));
    const header = new Uint8Array(9);
    header[0] = FERNET_VERSION;
    new DataView(header.buffer).setBigUint64(1, timestamp, false);
    const signed = concatBytes(header, iv, ciphertext);
    const mac = new Uint8Array(await subtle().sign('HMAC', this.signing, signed));
    return toBase64Url(concatBytes(signed, mac));
  }

  /** Verify and decrypt a token; resolves with the plaintext bytes and the token's timestamp. */
  async decryptWithTimestamp(token: string | Uint8Array, opts: DecryptOptions = {}): Promise<{ data: Bytes; timestamp: bigint }> {
    return openToken(token, opts, this.primitives);
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

/** A fresh random key: 32 bytes from the CSPRNG, url-safe base64 (44 characters, as Python's `Fernet.generate_key()`). */
export async function generateKey(): Promise<string> {
  return toBase64Url(randomBytes(32));
}

/** Encrypt `data` under `key` into a Fernet token (`now` and `iv` fix the clock and IV for test vectors). */
export async function encrypt(key: FernetKeyInput, data: BytesLike, opts: EncryptOptions = {}): Promise<string> {
  return (await Fernet.create(key)).encrypt(data, opts);
}

/** Verify and decrypt a Fernet token; `ttl` in seconds rejects older tokens. Resolves with the plaintext bytes. */
export async function decrypt(key: FernetKeyInput, token: string | Uint8Array, opts: DecryptOptions = {}): Promise<Bytes> {
  return (await Fernet.create(key)).decrypt(token, opts);
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
