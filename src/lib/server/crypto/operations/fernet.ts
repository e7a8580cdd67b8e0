import { z } from 'zod';
import { MultiFernet } from '../../../shared/crypto/multi-fernet';
import { generateKey, ServerFernet } from '../fernet';
import { encodingField, textField } from '../request';
import type { CryptoOperation } from '../route';
import { inputBytes, presentBytes } from './shared';

/** POST /api/crypto/fernet/{key,encrypt,decrypt}, on node:crypto (../fernet.ts); lesson cells run the same contract on WebCrypto. */

/** Largest plaintext the API encrypts with Fernet. */
export const MAX_FERNET_DATA = 256 * 1024;
/** Most keys a decrypt call may try (MultiFernet). */
export const MAX_FERNET_KEYS = 8;

const keyField = textField(100, 'Fernet key');
const bodyLimit = 400 * 1024;

const keySchema = z.object({}).strict();

/** A fresh Fernet key. */
export const fernetKeyOperation: CryptoOperation<typeof keySchema> = {
  name: 'fernet.key',
  schema: keySchema,
  maxBody: 1024,
  cost: 'fernet-key',
  optionalBody: true,
  async run() {
    return { key: await generateKey() };
  },
};

const encryptSchema = z
  .object({
    key: keyField,
    data: textField(360_000, 'data to encrypt'),
    encoding: encodingField,
  })
  .strict();

/** Encrypt data into a Fernet token. */
export const fernetEncryptOperation: CryptoOperation<typeof encryptSchema> = {
  name: 'fernet.encrypt',
  schema: encryptSchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ key, data, encoding }) {
    const fernet = await ServerFernet.create(key);
    const token = await fernet.encrypt(inputBytes(data, encoding, 'data', MAX_FERNET_DATA));
    return { token };
  },
};

const decryptSchema = z
  .object({
    key: keyField.optional(),
    keys: z
      .array(keyField, { invalid_type_error: 'must be an array of Fernet keys' })
      .min(1, 'must hold at least one key')
      .max(MAX_FERNET_KEYS, `must hold at most ${MAX_FERNET_KEYS} keys`)
      .optional(),
    token: textField(360_000, 'Fernet token'),
    ttl: z
      .number({ invalid_type_error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must not be negative')
      .max(10 * 365 * 86400, 'must be at most ten years')
      .optional(),
  })
  .strict()
  .refine((b) => (b.key === undefined) !== (b.keys === undefined), {
    message: 'send either "key" or "keys" (for rotation), not both and not neither',
    path: ['key'],
  });

/** Verify and decrypt a token with one key or several (MultiFernet), optionally enforcing a TTL. */
export const fernetDecryptOperation: CryptoOperation<typeof decryptSchema> = {
  name: 'fernet.decrypt',
  schema: decryptSchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ key, keys, token, ttl }) {
    const multi = await MultiFernet.create(keys ?? [key!], ServerFernet.create);
    const out = await multi.decryptWithTimestamp(token, ttl === undefined ? {} : { ttl });
    return {
      ...presentBytes(out.data),
      timestamp: Number(out.timestamp),
      // A key holder can write any 64-bit time; only real dates get an ISO form.
      createdAt: out.timestamp <= 8_640_000_000_000n ? new Date(Number(out.timestamp) * 1000).toISOString() : null,
      ...(keys ? { keyIndex: out.keyIndex } : {}),
    };
  },
};
