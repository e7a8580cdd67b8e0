import { z } from 'zod';
import { fromBase64, toBase64 } from '../../../shared/crypto/encoding';
import { hybridDecrypt, hybridEncrypt } from '../../../shared/crypto/rsa-hybrid';
import { generateRsaKeyPairPem, importPrivateKey, importPublicKey, modulusBits } from '../../../shared/crypto/rsa-keys';
import { oaepMaxMessageBytes, rsaOaepDecrypt, rsaOaepEncrypt } from '../../../shared/crypto/rsa-oaep';
import { resolveSaltLength, rsaPssSign, rsaPssVerify } from '../../../shared/crypto/rsa-pss';
import { isCryptoError } from '../../../shared/crypto/errors';
import { ApiError } from '../../http/errors';
import { withSlot } from '../limits';
import { encodingField, textField } from '../request';
import type { CryptoOperation } from '../route';
import { inputBytes, presentBytes } from './shared';

/** POST /api/crypto/rsa/{keypair,encrypt,decrypt,sign,verify}. */

/** Largest message the API encrypts in hybrid mode or signs. */
export const MAX_RSA_DATA = 256 * 1024;
const bodyLimit = 512 * 1024;
// A 8192-bit PKCS#1 private key is about 6.3 KB of PEM.
const pemField = (what: string) => textField(16_000, what);

const keypairSchema = z
  .object({
    modulusLength: z
      .union([z.literal(2048), z.literal(3072), z.literal(4096)], { errorMap: () => ({ message: 'must be 2048, 3072 or 4096' }) })
      .default(2048),
    privateFormat: z.enum(['pkcs8', 'pkcs1']).default('pkcs8'),
    publicFormat: z.enum(['spki', 'pkcs1']).default('spki'),
  })
  .strict();

/** Generate a key pair (off the event loop, a few at a time in the whole process). */
export const rsaKeypairOperation: CryptoOperation<typeof keypairSchema> = {
  name: 'rsa.keypair',
  schema: keypairSchema,
  maxBody: 1024,
  cost: 'rsa-keygen',
  optionalBody: true,
  async run({ modulusLength, privateFormat, publicFormat }) {
    const started = performance.now();
    const pair = await withSlot('rsa-keygen', () => generateRsaKeyPairPem(modulusLength, { privateFormat, publicFormat }));
    if (!pair) {
      throw new ApiError(429, 'busy', 'The server is generating other RSA keys right now; try again in a few seconds.', {
        headers: { 'retry-after': '2' },
      });
    }
    return {
      modulusLength,
      publicKey: pair.publicKeyPem,
      privateKey: pair.privateKeyPem,
      privateFormat,
      publicFormat,
      maxOaepMessageBytes: oaepMaxMessageBytes(modulusLength),
      generationMs: Math.round(performance.now() - started),
    };
  },
};

const encryptSchema = z
  .object({
    publicKey: pemField('public key PEM'),
    data: textField(360_000, 'data to encrypt'),
    encoding: encodingField,
    mode: z.enum(['oaep', 'hybrid']).default('oaep'),
    label: z.string({ invalid_type_error: 'must be a string (the OAEP label)' }).max(256, 'must be at most 256 characters').optional(),
  })
  .strict();

/** Encrypt to a public key: plain RSA-OAEP (small messages) or hybrid JWE (any size). */
export const rsaEncryptOperation: CryptoOperation<typeof encryptSchema> = {
  name: 'rsa.encrypt',
  schema: encryptSchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ publicKey, data, encoding, mode, label }) {
    const key = await importPublicKey(publicKey, 'oaep');
    const bytes = inputBytes(data, encoding, 'data', MAX_RSA_DATA);
    if (mode === 'hybrid') {
      if (label !== undefined) throw new ApiError(400, 'invalid_request', 'label: only plain "oaep" mode takes an OAEP label.');
      return { mode, format: 'jwe-compact', ciphertext: await hybridEncrypt(key, bytes) };
    }
    try {
      const ct = await rsaOaepEncrypt(key, bytes, label === undefined ? {} : { label });
      return { mode, modulusLength: modulusBits(key), ciphertext: toBase64(ct) };
    } catch (err) {
      if (isCryptoError(err) && err.code === 'message_too_long') {
        throw new ApiError(400, err.code, `${err.message} Send "mode": "hybrid" to do that here.`);
      }
      throw err;
    }
  },
};

const decryptSchema = z
  .object({
    privateKey: pemField('private key PEM'),
    ciphertext: textField(400_000, 'ciphertext'),
    mode: z.enum(['oaep', 'hybrid']).optional(),
    label: z.string({ invalid_type_error: 'must be a string (the OAEP label)' }).max(256, 'must be at most 256 characters').optional(),
  })
  .strict();

/** Decrypt with a private key (PKCS#8 or PKCS#1 PEM); the mode is read from the ciphertext's shape when not given. */
export const rsaDecryptOperation: CryptoOperation<typeof decryptSchema> = {
  name: 'rsa.decrypt',
  schema: decryptSchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ privateKey, ciphertext, mode, label }) {
    const key = await importPrivateKey(privateKey, 'oaep');
    const chosen = mode ?? (ciphertext.includes('.') ? 'hybrid' : 'oaep');
    const plain =
      chosen === 'hybrid'
        ? await hybridDecrypt(key, ciphertext)
        : await rsaOaepDecrypt(key, fromBase64(ciphertext.trim(), '"ciphertext" field'), label === undefined ? {} : { label });
    return { mode: chosen, ...presentBytes(plain) };
  },
};

const saltField = z
  .union([z.literal('digest'), z.literal('max'), z.number().int().min(0).max(1024)], {
    errorMap: () => ({ message: 'must be "digest", "max" or a whole number of bytes' }),
  })
  .default('digest');

const signSchema = z
  .object({
    privateKey: pemField('private key PEM'),
    data: textField(360_000, 'data to sign'),
    encoding: encodingField,
    saltLength: saltField,
  })
  .strict();

/** Sign with RSA-PSS (SHA-256, MGF1-SHA-256). */
export const rsaSignOperation: CryptoOperation<typeof signSchema> = {
  name: 'rsa.sign',
  schema: signSchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ privateKey, data, encoding, saltLength }) {
    const key = await importPrivateKey(privateKey, 'pss');
    const salt = resolveSaltLength(saltLength, modulusBits(key));
    const signature = await rsaPssSign(key, inputBytes(data, encoding, 'data', MAX_RSA_DATA), { saltLength: salt });
    return { algorithm: 'RSA-PSS-SHA256', saltLength: salt, signature: toBase64(signature) };
  },
};

const verifySchema = z
  .object({
    publicKey: pemField('public key PEM'),
    data: textField(360_000, 'signed data'),
    encoding: encodingField,
    signature: textField(2000, 'signature (base64)'),
    saltLength: saltField,
  })
  .strict();

/** Check an RSA-PSS signature; `valid: false` for a wrong one (that is an answer, not an error). */
export const rsaVerifyOperation: CryptoOperation<typeof verifySchema> = {
  name: 'rsa.verify',
  schema: verifySchema,
  maxBody: bodyLimit,
  cost: 'call',
  async run({ publicKey, data, encoding, signature, saltLength }) {
    const key = await importPublicKey(publicKey, 'pss');
    const salt = resolveSaltLength(saltLength, modulusBits(key));
    const sig = fromBase64(signature.trim(), '"signature" field');
    const valid = await rsaPssVerify(key, inputBytes(data, encoding, 'data', MAX_RSA_DATA), sig, { saltLength: salt });
    return { algorithm: 'RSA-PSS-SHA256', saltLength: salt, valid };
  },
};
