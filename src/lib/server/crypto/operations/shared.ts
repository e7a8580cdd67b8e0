import { type Bytes, fromUtf8, isUtf8 } from '../../../shared/crypto/bytes';
import { type BinaryEncoding, decodeAs, toBase64, toHex } from '../../../shared/crypto/encoding';
import { CryptoError } from '../../../shared/crypto/errors';

/** Helpers the crypto operations share: decoding inputs by declared encoding, and presenting bytes. */

/** Decode a request field in its declared encoding, naming the field when it is malformed, and cap its size. */
export function inputBytes(value: string, encoding: BinaryEncoding, field: string, maxBytes: number): Bytes {
  const bytes = decodeAs(value, encoding, `"${field}" field`);
  if (bytes.byteLength > maxBytes) {
    throw new CryptoError('invalid_input', `"${field}" is ${bytes.byteLength} bytes after decoding; at most ${maxBytes} are accepted.`);
  }
  return bytes;
}

/** Bytes as the API returns them: UTF-8 text when they are text, and always base64 and length. */
export function presentBytes(bytes: Uint8Array): { text: string | null; base64: string; bytes: number } {
  return { text: isUtf8(bytes) ? fromUtf8(bytes) : null, base64: toBase64(bytes), bytes: bytes.byteLength };
}

/** A digest or MAC as both hex and base64. */
export function presentDigest(bytes: Uint8Array): { hex: string; base64: string } {
  return { hex: toHex(bytes), base64: toBase64(bytes) };
}
