import { type Bytes, type BytesLike, fromUtf8, randomBytes, subtle, toBytes, utf8 } from './bytes';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_TAG_BYTES } from './aes-gcm';
import { fromBase64Url, toBase64Url } from './encoding';
import { CryptoError } from './errors';
import { importPrivateKey, importPublicKey } from './rsa-keys';

/**
 * Hybrid encryption for messages of any length: a fresh AES-256-GCM key
 * encrypts the message and RSA-OAEP-SHA-256 wraps that key. The result is a
 * standard JWE in compact form (RFC 7516) with `alg: RSA-OAEP-256` and
 * `enc: A256GCM`, so any JOSE library (or a few lines of Python) opens it:
 *
 *   base64url(header) . base64url(wrapped key) . base64url(nonce) . base64url(ciphertext) . base64url(tag)
 */

const HEADER = { alg: 'RSA-OAEP-256', enc: 'A256GCM' } as const;

/** Encrypt any amount of data to an RSA public key; returns a compact JWE string. */
export async function hybridEncrypt(publicKey: string | CryptoKey, data: BytesLike): Promise<string> {
  const key = await importPublicKey(publicKey, 'oaep');
  const cek = randomBytes(32);
  const wrapped = new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, key, cek));
  const header = toBase64Url(utf8(JSON.stringify(HEADER)), false);
  // JWE authenticates the protected header as GCM's associated data.
  const { nonce, ciphertext } = await aesGcmEncrypt(cek, data, { aad: header });
  const body = ciphertext.subarray(0, ciphertext.byteLength - GCM_TAG_BYTES);
  const tag = ciphertext.subarray(ciphertext.byteLength - GCM_TAG_BYTES);
  return [header, toBase64Url(wrapped, false), toBase64Url(nonce, false), toBase64Url(body, false), toBase64Url(tag, false)].join('.');
}

/** The parts of a compact JWE, decoded but not yet decrypted. */
export interface JweParts {
  header: Record<string, unknown>;
  protectedHeader: string;
  wrappedKey: Bytes;
  nonce: Bytes;
  ciphertext: Bytes;
  tag: Bytes;
}

/** Split and decode a compact JWE, checking it uses RSA-OAEP-256 with A256GCM and nothing else. */
export function parseJwe(jwe: string): JweParts {
  const parts = typeof jwe === 'string' ? jwe.trim().split('.') : [];
  if (parts.length !== 5) throw new CryptoError('invalid_input', 'A hybrid ciphertext is a compact JWE: five base64url parts separated by dots.');
  const [h, k, n, c, t] = parts as [string, string, string, string, string];
  let header: unknown;
  try {
    header = JSON.parse(fromUtf8(fromBase64Url(h, 'JWE header')));
  } catch {
    throw new CryptoError('invalid_input', 'The JWE header is not base64url-encoded JSON.');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new CryptoError('invalid_input', 'The JWE header must be a JSON object.');
  const hdr = header as Record<string, unknown>;
  if (hdr.alg !== HEADER.alg || hdr.enc !== HEADER.enc) {
    throw new CryptoError(
      'unsupported_algorithm',
      `Only alg "${HEADER.alg}" with enc "${HEADER.enc}" is supported; got alg ${JSON.stringify(hdr.alg)}, enc ${JSON.stringify(hdr.enc)}.`,
    );
  }
  if ('zip' in hdr || 'crit' in hdr)
    throw new CryptoError('unsupported_algorithm', 'JWE compression ("zip") and critical extensions ("crit") are not supported.');
  const decoded = {
    wrappedKey: fromBase64Url(k, 'JWE encrypted key'),
    nonce: fromBase64Url(n, 'JWE initialization vector'),
    ciphertext: fromBase64Url(c, 'JWE ciphertext'),
    tag: fromBase64Url(t, 'JWE authentication tag'),
  };
  if (decoded.nonce.byteLength !== 12)
    throw new CryptoError('invalid_input', `The JWE initialization vector must be 12 bytes for A256GCM; got ${decoded.nonce.byteLength}.`);
  if (decoded.tag.byteLength !== GCM_TAG_BYTES)
    throw new CryptoError('invalid_input', `The JWE tag must be ${GCM_TAG_BYTES} bytes; got ${decoded.tag.byteLength}.`);
  return { header: hdr, protectedHeader: h, ...decoded };
}

/** Decrypt a compact JWE made by `hybridEncrypt` (or by any JOSE library with RSA-OAEP-256 / A256GCM). */
export async function hybridDecrypt(privateKey: string | CryptoKey, jwe: string): Promise<Bytes> {
  const key = await importPrivateKey(privateKey, 'oaep');
  const p = parseJwe(jwe);
  let cek: Bytes;
  try {
    cek = new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, p.wrappedKey));
  } catch {
    throw new CryptoError(
      'decryption_failed',
      'The wrapped AES key could not be decrypted: the message was made for another key, or it was altered.',
    );
  }
  if (cek.byteLength !== 32) throw new CryptoError('decryption_failed', 'The unwrapped content key is not 32 bytes (A256GCM needs a 256-bit key).');
  const sealed = new Uint8Array(p.ciphertext.byteLength + GCM_TAG_BYTES);
  sealed.set(p.ciphertext);
  sealed.set(p.tag, p.ciphertext.byteLength);
  return aesGcmDecrypt(cek, p.nonce, sealed, { aad: toBytes(p.protectedHeader) });
}
