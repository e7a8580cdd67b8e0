import { type Bytes, type BytesLike, concatBytes, isCryptoKey, randomBytes, subtle, toBytes } from './bytes';
import { fromBase64Url, toBase64Url } from './encoding';
import { CryptoError } from './errors';

/**
 * AES-256-GCM, the modern authenticated cipher: one key, a 96-bit nonce that
 * must never repeat under that key, and a 128-bit tag that makes tampering
 * detectable. The compact form `base64url(nonce | ciphertext | tag)` is what
 * Python's `AESGCM(key).encrypt(nonce, data, aad)` returns, nonce prepended.
 */

/** Nonce length in bytes (96 bits, the size GCM is designed for). */
export const GCM_NONCE_BYTES = 12;
/** Authentication tag length in bytes. */
export const GCM_TAG_BYTES = 16;

/** A fresh random AES-256 key (32 bytes). */
export function generateAesKey(): Bytes {
  return randomBytes(32);
}

async function importKey(key: BytesLike, usage: KeyUsage): Promise<CryptoKey> {
  const raw = toBytes(key);
  if (raw.byteLength !== 32) throw new CryptoError('invalid_key', `An AES-256 key is 32 bytes; got ${raw.byteLength}.`);
  return subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, [usage]);
}

/** Encrypt: returns nonce, and ciphertext with the tag appended (as WebCrypto and Python's AESGCM produce it). */
export async function aesGcmEncrypt(
  key: BytesLike | CryptoKey,
  data: BytesLike,
  opts: { nonce?: Uint8Array; aad?: BytesLike } = {},
): Promise<{ nonce: Bytes; ciphertext: Bytes }> {
  const k = isCryptoKey(key) ? key : await importKey(key, 'encrypt');
  const nonce = opts.nonce ? toBytes(opts.nonce) : randomBytes(GCM_NONCE_BYTES);
  if (nonce.byteLength !== GCM_NONCE_BYTES)
    throw new CryptoError('invalid_input', `An AES-GCM nonce here is ${GCM_NONCE_BYTES} bytes; got ${nonce.byteLength}.`);
  const params: AesGcmParams = { name: 'AES-GCM', iv: nonce, tagLength: GCM_TAG_BYTES * 8 };
  if (opts.aad !== undefined) params.additionalData = toBytes(opts.aad);
  const ciphertext = new Uint8Array(await subtle().encrypt(params, k, toBytes(data)));
  return { nonce, ciphertext };
}

/** Decrypt and authenticate; a wrong key, nonce, AAD or any changed byte gives `decryption_failed`. */
export async function aesGcmDecrypt(
  key: BytesLike | CryptoKey,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  opts: { aad?: BytesLike } = {},
): Promise<Bytes> {
  const k = isCryptoKey(key) ? key : await importKey(key, 'decrypt');
  if (nonce.byteLength !== GCM_NONCE_BYTES)
    throw new CryptoError('invalid_input', `An AES-GCM nonce here is ${GCM_NONCE_BYTES} bytes; got ${nonce.byteLength}.`);
  if (ciphertext.byteLength < GCM_TAG_BYTES) throw new CryptoError('invalid_input', `The ciphertext is shorter than the ${GCM_TAG_BYTES}-byte tag.`);
  const params: AesGcmParams = { name: 'AES-GCM', iv: toBytes(nonce), tagLength: GCM_TAG_BYTES * 8 };
  if (opts.aad !== undefined) params.additionalData = toBytes(opts.aad);
  try {
    return new Uint8Array(await subtle().decrypt(params, k, toBytes(ciphertext)));
  } catch {
    throw new CryptoError('decryption_failed', 'AES-GCM authentication failed: wrong key, nonce or associated data, or the ciphertext was altered.');
  }
}

/** Encrypt into one url-safe string: base64url(nonce | ciphertext | tag). */
export async function sealAesGcm(key: BytesLike | CryptoKey, data: BytesLike, aad?: BytesLike): Promise<string> {
  const { nonce, ciphertext } = await aesGcmEncrypt(key, data, aad === undefined ? {} : { aad });
  return toBase64Url(concatBytes(nonce, ciphertext));
}

/** Open a string made by `sealAesGcm`. */
export async function openAesGcm(key: BytesLike | CryptoKey, sealed: string, aad?: BytesLike): Promise<Bytes> {
  const bytes = fromBase64Url(sealed, 'sealed message');
  if (bytes.byteLength < GCM_NONCE_BYTES + GCM_TAG_BYTES)
    throw new CryptoError('invalid_input', 'The sealed message is too short to hold a nonce and a tag.');
  return aesGcmDecrypt(key, bytes.subarray(0, GCM_NONCE_BYTES), bytes.subarray(GCM_NONCE_BYTES), aad === undefined ? {} : { aad });
}
