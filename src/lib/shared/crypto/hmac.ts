import { blake2b } from '@noble/hashes/blake2.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { type HashAlgorithm, HASHES, parseHashAlgorithm } from './algorithms';
import { type Bytes, type BytesLike, subtle, timingSafeEqual, toBytes } from './bytes';
import type { HashInput } from './hash';

/**
 * HMAC (RFC 2104) over any supported hash. SHA-1/SHA-2 use WebCrypto; the
 * others, and the empty key WebCrypto refuses but RFC 2104 allows, use
 * @noble/hashes so results match Python's `hmac.new(key, msg, alg)` exactly.
 */

const NOBLE = {
  MD5: md5,
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
  'SHA3-256': sha3_256,
  'BLAKE2b-512': blake2b,
} as const;

async function readInput(input: HashInput): Promise<Bytes> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  return toBytes(input as BytesLike);
}

/** HMAC of `data` under `key` with the given hash (canonical name or alias). */
export async function hmac(algorithm: HashAlgorithm | string, key: BytesLike, data: HashInput): Promise<Bytes> {
  const alg = parseHashAlgorithm(algorithm);
  const keyBytes = toBytes(key);
  const msg = await readInput(data);
  if (HASHES[alg].webcrypto && keyBytes.byteLength > 0) {
    const k = await subtle().importKey('raw', keyBytes, { name: 'HMAC', hash: alg }, false, ['sign']);
    return new Uint8Array(await subtle().sign('HMAC', k, msg));
  }
  return toBytes(nobleHmac(NOBLE[alg], keyBytes, msg));
}

/**
 * Check a received MAC against the one we compute, in constant time. A MAC
 * of the wrong length is simply wrong (false), never an exception.
 */
export async function hmacVerify(algorithm: HashAlgorithm | string, key: BytesLike, data: HashInput, mac: Uint8Array): Promise<boolean> {
  const expected = await hmac(algorithm, key, data);
  return timingSafeEqual(expected, mac);
}
