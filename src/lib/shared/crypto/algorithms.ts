import { CryptoError } from './errors';

/**
 * The hash algorithms the portal offers, with what a reader should know
 * about each: digest size, who computes it (WebCrypto or @noble/hashes, since
 * WebCrypto has no MD5, SHA-3 or BLAKE2), and whether it is broken.
 */

/** Canonical hash algorithm names. */
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA3-256' | 'BLAKE2b-512';

/** Facts about one hash algorithm. */
export interface HashInfo {
  name: HashAlgorithm;
  /** Digest length in bytes. */
  bytes: number;
  /** Internal block size in bytes (what HMAC pads keys to). */
  blockBytes: number;
  /** Computed by the platform's WebCrypto (true) or by @noble/hashes (false). */
  webcrypto: boolean;
  /** Practical collision attacks exist: never use it for signatures, certificates or integrity against an attacker. */
  broken: boolean;
  /** The same function in Python's standard library. */
  python: string;
}

/** Every supported algorithm, weakest first. */
export const HASHES: Record<HashAlgorithm, HashInfo> = {
  MD5: { name: 'MD5', bytes: 16, blockBytes: 64, webcrypto: false, broken: true, python: 'hashlib.md5' },
  'SHA-1': { name: 'SHA-1', bytes: 20, blockBytes: 64, webcrypto: true, broken: true, python: 'hashlib.sha1' },
  'SHA-256': { name: 'SHA-256', bytes: 32, blockBytes: 64, webcrypto: true, broken: false, python: 'hashlib.sha256' },
  'SHA-384': { name: 'SHA-384', bytes: 48, blockBytes: 128, webcrypto: true, broken: false, python: 'hashlib.sha384' },
  'SHA-512': { name: 'SHA-512', bytes: 64, blockBytes: 128, webcrypto: true, broken: false, python: 'hashlib.sha512' },
  'SHA3-256': { name: 'SHA3-256', bytes: 32, blockBytes: 136, webcrypto: false, broken: false, python: 'hashlib.sha3_256' },
  'BLAKE2b-512': { name: 'BLAKE2b-512', bytes: 64, blockBytes: 128, webcrypto: false, broken: false, python: 'hashlib.blake2b' },
};

/** Every canonical algorithm name. */
export const HASH_ALGORITHMS = Object.keys(HASHES) as HashAlgorithm[];

const ALIASES = new Map<string, HashAlgorithm>([
  ['md5', 'MD5'],
  ['sha1', 'SHA-1'],
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
  ['sha3256', 'SHA3-256'],
  ['blake2b', 'BLAKE2b-512'],
  ['blake2b512', 'BLAKE2b-512'],
]);

/**
 * Resolve a user-typed algorithm name ("sha256", "SHA-256", "sha3_256",
 * "blake2b") to its canonical name, or throw naming the ones we support.
 */
export function parseHashAlgorithm(name: string): HashAlgorithm {
  const key = name.toLowerCase().replace(/[-_\s]/g, '');
  const found = ALIASES.get(key);
  if (!found) {
    throw new CryptoError(
      'unsupported_algorithm',
      `Unknown hash algorithm ${JSON.stringify(name.slice(0, 40))}; use one of ${HASH_ALGORITHMS.join(', ')}.`,
    );
  }
  return found;
}
