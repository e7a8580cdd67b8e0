import { type Bytes, type BytesLike, subtle, toBytes } from './bytes';
import { CryptoError } from './errors';
import { importPrivateKey, importPublicKey, modulusBits } from './rsa-keys';

/**
 * RSA-OAEP with SHA-256 and MGF1-SHA-256, the padding the interview's Python
 * asked for. OAEP spends 2 * 32 + 2 bytes of every block on its padding, so a
 * 2048-bit (256-byte) key carries at most 190 bytes of message; longer
 * messages go through hybrid encryption (rsa-hybrid.ts).
 */

/** SHA-256 output size, which OAEP's overhead depends on. */
const HASH_BYTES = 32;

/** The largest message RSA-OAEP-SHA-256 can encrypt under a key of `bits` bits: k - 2*hLen - 2. */
export function oaepMaxMessageBytes(bits: number): number {
  return Math.ceil(bits / 8) - 2 * HASH_BYTES - 2;
}

/** Encrypt a short message to a public key (PEM or CryptoKey); throws `message_too_long` past the OAEP limit. */
export async function rsaOaepEncrypt(publicKey: string | CryptoKey, data: BytesLike, opts: { label?: BytesLike } = {}): Promise<Bytes> {
  const key = await importPublicKey(publicKey, 'oaep');
  const bytes = toBytes(data);
  const bits = modulusBits(key);
  const max = oaepMaxMessageBytes(bits);
  if (bytes.byteLength > max) {
    throw new CryptoError(
      'message_too_long',
      `The message is ${bytes.byteLength} bytes, but RSA-OAEP with SHA-256 and a ${bits}-bit key fits at most ${max} bytes. Use hybrid encryption (an AES-256-GCM key wrapped with RSA-OAEP) for longer messages.`,
    );
  }
  const params: RsaOaepParams = { name: 'RSA-OAEP' };
  if (opts.label !== undefined) params.label = toBytes(opts.label);
  return new Uint8Array(await subtle().encrypt(params, key, bytes));
}

/** Decrypt an RSA-OAEP ciphertext with a private key (PEM in PKCS#8 or PKCS#1, or CryptoKey). */
export async function rsaOaepDecrypt(privateKey: string | CryptoKey, ciphertext: Uint8Array, opts: { label?: BytesLike } = {}): Promise<Bytes> {
  const key = await importPrivateKey(privateKey, 'oaep');
  const k = Math.ceil(modulusBits(key) / 8);
  if (ciphertext.byteLength !== k) {
    throw new CryptoError(
      'invalid_input',
      `An RSA-OAEP ciphertext for this ${modulusBits(key)}-bit key is exactly ${k} bytes; got ${ciphertext.byteLength}.`,
    );
  }
  const params: RsaOaepParams = { name: 'RSA-OAEP' };
  if (opts.label !== undefined) params.label = toBytes(opts.label);
  try {
    return new Uint8Array(await subtle().decrypt(params, key, toBytes(ciphertext)));
  } catch {
    // One message for every OAEP failure: telling them apart would be a decryption oracle.
    throw new CryptoError('decryption_failed', 'RSA-OAEP decryption failed: the ciphertext was made for another key or label, or it was altered.');
  }
}
