import { type Bytes, type BytesLike, subtle, toBytes } from './bytes';
import { CryptoError } from './errors';
import { importPrivateKey, importPublicKey, modulusBits } from './rsa-keys';

/**
 * RSA-PSS signatures with SHA-256 (MGF1-SHA-256). The salt length is a
 * parameter both sides must agree on: 32 bytes (the digest length) is the
 * common choice; Python's `PSS.MAX_LENGTH` uses the largest the key allows.
 */

/** Salt length: bytes, 'digest' (32) or 'max' (modulus bytes - 32 - 2). */
export type SaltLength = number | 'digest' | 'max';

/** Resolve a salt length for a key size; throws on an impossible one. */
export function resolveSaltLength(salt: SaltLength, bits: number): number {
  const max = Math.ceil((bits - 1) / 8) - 32 - 2;
  const n = salt === 'digest' ? 32 : salt === 'max' ? max : salt;
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new CryptoError('invalid_input', `The PSS salt length must be 0..${max} bytes for a ${bits}-bit key, 'digest' or 'max'.`);
  }
  return n;
}

/** Sign `data` with a private key (PEM or CryptoKey); returns the raw signature (modulus-sized). */
export async function rsaPssSign(privateKey: string | CryptoKey, data: BytesLike, opts: { saltLength?: SaltLength } = {}): Promise<Bytes> {
  const key = await importPrivateKey(privateKey, 'pss');
  const saltLength = resolveSaltLength(opts.saltLength ?? 'digest', modulusBits(key));
  return new Uint8Array(await subtle().sign({ name: 'RSA-PSS', saltLength }, key, toBytes(data)));
}

/** Check a signature; false for a wrong or malformed signature, never an exception for it. */
export async function rsaPssVerify(
  publicKey: string | CryptoKey,
  data: BytesLike,
  signature: Uint8Array,
  opts: { saltLength?: SaltLength } = {},
): Promise<boolean> {
  const key = await importPublicKey(publicKey, 'pss');
  const saltLength = resolveSaltLength(opts.saltLength ?? 'digest', modulusBits(key));
  try {
    return await subtle().verify({ name: 'RSA-PSS', saltLength }, key, toBytes(signature), toBytes(data));
  } catch {
    return false;
  }
}
