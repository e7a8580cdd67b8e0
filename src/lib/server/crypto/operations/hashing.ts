import { z } from 'zod';
import { HASHES, parseHashAlgorithm } from '../../../shared/crypto/algorithms';
import { timingSafeEqual } from '../../../shared/crypto/bytes';
import { fromHex } from '../../../shared/crypto/encoding';
import { digest } from '../../../shared/crypto/hash';
import { hmac } from '../../../shared/crypto/hmac';
import { MAX_CRYPTO_BODY, encodingField, textField } from '../request';
import type { CryptoOperation } from '../route';
import { inputBytes, presentDigest } from './shared';

/** POST /api/crypto/hash and /api/crypto/hmac: digests and MACs of text or uploaded bytes. */

/** Largest input hashed by the API (1 MiB, sent as base64 for files). */
export const MAX_HASH_INPUT = 1024 * 1024;
/** Largest HMAC key accepted. */
export const MAX_HMAC_KEY = 1024;

const algorithmField = textField(40, 'algorithm name');

const hashSchema = z
  .object({
    algorithm: algorithmField,
    data: textField(1_450_000, 'data to hash'),
    encoding: encodingField,
  })
  .strict();

/** Hash `data` with one algorithm. */
export const hashOperation: CryptoOperation<typeof hashSchema> = {
  name: 'hash',
  schema: hashSchema,
  maxBody: MAX_CRYPTO_BODY,
  cost: 'call',
  async run({ algorithm, data, encoding }) {
    const alg = parseHashAlgorithm(algorithm);
    const bytes = inputBytes(data, encoding, 'data', MAX_HASH_INPUT);
    const out = await digest(alg, bytes);
    const info = HASHES[alg];
    return {
      algorithm: alg,
      inputBytes: bytes.byteLength,
      ...presentDigest(out),
      broken: info.broken,
      ...(info.broken
        ? { warning: `${alg} is broken: practical collision attacks exist. Do not use it where an attacker may choose the input.` }
        : {}),
    };
  },
};

const hmacSchema = z
  .object({
    algorithm: algorithmField,
    key: textField(4096, 'HMAC key'),
    keyEncoding: encodingField,
    data: textField(1_450_000, 'data to authenticate'),
    encoding: encodingField,
    expected: z.string({ invalid_type_error: 'must be a hex string (the MAC to check)' }).max(256, 'must be at most 256 hex characters').optional(),
  })
  .strict();

/** HMAC of `data` under `key`; with `expected`, also a constant-time check against it. */
export const hmacOperation: CryptoOperation<typeof hmacSchema> = {
  name: 'hmac',
  schema: hmacSchema,
  maxBody: MAX_CRYPTO_BODY,
  cost: 'call',
  async run({ algorithm, key, keyEncoding, data, encoding, expected }) {
    const alg = parseHashAlgorithm(algorithm);
    const keyBytes = inputBytes(key, keyEncoding, 'key', MAX_HMAC_KEY);
    const mac = await hmac(alg, keyBytes, inputBytes(data, encoding, 'data', MAX_HASH_INPUT));
    const result = { algorithm: `HMAC-${alg}`, ...presentDigest(mac) };
    if (expected === undefined) return result;
    return { ...result, valid: timingSafeEqual(mac, fromHex(expected, '"expected" field')) };
  },
};
