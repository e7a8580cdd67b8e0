import { blake2b } from '@noble/hashes/blake2.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { type HashAlgorithm, parseHashAlgorithm } from './algorithms';
import { type Bytes, type BytesLike, concatBytes, subtle, toBytes } from './bytes';
import { toBase64, toHex } from './encoding';

/**
 * Hashing text, bytes and files. SHA-1 and SHA-2 go through WebCrypto (native
 * code in the browser and in Node); MD5, SHA3-256 and BLAKE2b-512, which
 * WebCrypto lacks, through @noble/hashes, streamed so big files need no copy.
 */

/** What can be hashed: text (UTF-8), bytes, or a Blob/File. */
export type HashInput = BytesLike | Blob;

/** Progress callback for large inputs: bytes read so far and the total. */
export type ProgressFn = (done: number, total: number) => void;

/** An incremental hash from @noble/hashes. */
interface NobleHash {
  update(data: Uint8Array): NobleHash;
  digest(): Uint8Array;
}

function nobleHasher(alg: HashAlgorithm): NobleHash | null {
  switch (alg) {
    case 'MD5':
      return md5.create();
    case 'SHA3-256':
      return sha3_256.create();
    case 'BLAKE2b-512':
      return blake2b.create({ dkLen: 64 });
    default:
      return null;
  }
}

async function* blobChunks(blob: Blob, onProgress?: ProgressFn): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    done += next.value.byteLength;
    onProgress?.(done, blob.size);
    yield next.value;
  }
}

/** The digest of `input` under `algorithm` (canonical name or alias such as "sha256"). */
export async function digest(algorithm: HashAlgorithm | string, input: HashInput, opts: { onProgress?: ProgressFn } = {}): Promise<Bytes> {
  const alg = parseHashAlgorithm(algorithm);
  const noble = nobleHasher(alg);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (noble) {
      for await (const chunk of blobChunks(input, opts.onProgress)) noble.update(chunk);
      return toBytes(noble.digest());
    }
    const parts: Uint8Array[] = [];
    for await (const chunk of blobChunks(input, opts.onProgress)) parts.push(chunk);
    return new Uint8Array(await subtle().digest(alg, concatBytes(...parts)));
  }
  const bytes = toBytes(input as BytesLike);
  if (noble) return toBytes(noble.update(bytes).digest());
  return new Uint8Array(await subtle().digest(alg, bytes));
}

/** The digest as lower-case hex, as `hashlib.<alg>(data).hexdigest()` prints it. */
export async function hashHex(algorithm: HashAlgorithm | string, input: HashInput): Promise<string> {
  return toHex(await digest(algorithm, input));
}

/** The digest as standard base64. */
export async function hashBase64(algorithm: HashAlgorithm | string, input: HashInput): Promise<string> {
  return toBase64(await digest(algorithm, input));
}

/** Shorthand for SHA-256 as hex. */
export function sha256Hex(input: HashInput): Promise<string> {
  return hashHex('SHA-256', input);
}
