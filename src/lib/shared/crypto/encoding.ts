import { type Bytes } from './bytes';
import { CryptoError } from './errors';

/**
 * Hex and base64 codecs that refuse anything malformed (wrong alphabet, bad
 * length or padding, non-zero leftover bits) instead of silently skipping
 * characters, so a damaged key or token is reported rather than misread.
 */

const HEX = '0123456789abcdef';
const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function decodeTable(alphabet: string): Int8Array {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const STD_TABLE = decodeTable(STD);
const URL_TABLE = decodeTable(URL);

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return out;
}

/** Decode hex (either case, even length, no separators). */
export function fromHex(hex: string, what = 'value'): Bytes {
  if (hex.length % 2 !== 0) throw new CryptoError('invalid_encoding', `The ${what} is not valid hex: it has an odd number of digits.`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new CryptoError('invalid_encoding', `The ${what} is not valid hex: only 0-9 and a-f are allowed.`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

function decode(text: string, table: Int8Array, name: string, what: string, requirePadding: boolean): Bytes {
  const bad = (why: string) => new CryptoError('invalid_encoding', `The ${what} is not valid ${name}: ${why}.`);
  let end = text.length;
  let padding = 0;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) {
    end--;
    padding++;
  }
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || table[c]! < 0) {
      throw bad(
        c === 61
          ? `"=" padding at position ${i} is followed by more characters`
          : `character ${JSON.stringify(text[i])} at position ${i} is not in its alphabet`,
      );
    }
  }
  if (padding > 2) throw bad('too much "=" padding');
  if (padding > 0 && text.length % 4 !== 0) throw bad('the "=" padding does not complete a 4-character group');
  if (padding === 0 && requirePadding && text.length % 4 !== 0) throw bad('its length is not a multiple of 4 (missing "=" padding?)');
  const rem = end % 4;
  if (rem === 1) throw bad('its length is impossible for base64 (one character too many or too few)');
  if (padding > 0 && padding !== (4 - rem) % 4) throw bad('the "=" padding does not match the length');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    acc = ((acc << 6) | table[text.charCodeAt(i)]!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) throw bad('its last character carries bits that do not belong to any byte');
  return out;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, STD, true);
}

/** Decode standard base64 (padding optional, alphabet strict). */
export function fromBase64(text: string, what = 'value'): Bytes {
  return decode(text, STD_TABLE, 'base64', what, false);
}

/** URL-safe base64 with padding (RFC 4648 section 5), as Fernet keys and tokens use. */
export function toBase64Url(bytes: Uint8Array, pad = true): string {
  return encode(bytes, URL, pad);
}

/** Decode URL-safe base64 (padding optional unless `requirePadding`, alphabet strict). */
export function fromBase64Url(text: string, what = 'value', requirePadding = false): Bytes {
  return decode(text, URL_TABLE, 'url-safe base64', what, requirePadding);
}

/** Names of the text encodings the library and API accept for binary values. */
export type BinaryEncoding = 'utf8' | 'hex' | 'base64' | 'base64url';

/** Turn a string in the given encoding into bytes. */
export function decodeAs(text: string, encoding: BinaryEncoding, what = 'value'): Bytes {
  switch (encoding) {
    case 'utf8':
      return new TextEncoder().encode(text);
    case 'hex':
      return fromHex(text, what);
    case 'base64':
      return fromBase64(text, what);
    case 'base64url':
      return fromBase64Url(text, what);
  }
}
