import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../../config';
import { log } from '../../log';

/**
 * Encryption at rest for two-factor secrets: AES-256-GCM under a key derived
 * (HKDF-SHA256) from SECRET_KEY, with the user id as associated data so a
 * ciphertext cannot be moved to another account.
 *
 * Where the key comes from:
 * - SECRET_KEY set: always that (required for production).
 * - unset outside production: a random key generated once into
 *   `$DATA_DIR/secret.key` (mode 0600), so development just works.
 * - unset in production: no key; two-factor enrolment and verification are
 *   refused with a message naming SECRET_KEY. Failing closed beats keeping the
 *   key next to the database it protects.
 */

const klog = log.child({ mod: 'auth' });
const VERSION = 1;

/** Thrown when no key is available (production without SECRET_KEY) or a ciphertext does not open. */
export class SecretKeyUnavailableError extends Error {
  override name = 'SecretKeyUnavailableError';
}

let cachedKey: Buffer | null | undefined;

function rootKey(): Buffer | null {
  const config = getConfig();
  if (config.secretKey) return Buffer.from(config.secretKey.replace(/=$/, ''), 'base64url');
  if (config.isProduction) return null;
  const file = path.join(config.dataDir, 'secret.key');
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    // `wx`: when several processes start together, exactly one creates the file.
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    klog.warn('SECRET_KEY is unset: generated a development key', { file });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
}

function key(): Buffer {
  if (cachedKey === undefined) {
    const root = rootKey();
    cachedKey = root ? Buffer.from(hkdfSync('sha256', root, 'interview-lab', 'totp-secret-v1', 32)) : null;
    // The supervisor already warned at start-up; a page asking is no new error (debug, once per process).
    if (!cachedKey) klog.debug('two-factor sign-in is off: SECRET_KEY is unset (see the start-up warning)');
  }
  if (!cachedKey) throw new SecretKeyUnavailableError('Two-factor sign-in needs SECRET_KEY on the server.');
  return cachedKey;
}

/** Whether secrets can be encrypted and decrypted here. */
export function secretKeyAvailable(): boolean {
  try {
    key();
    return true;
  } catch {
    return false;
  }
}

/** Encrypt a secret for one user: version byte, 12-byte nonce, ciphertext, 16-byte tag. */
export function sealSecret(userId: number, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(`user:${userId}`));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
}

/** Decrypt what `sealSecret` made for the same user; throws SecretKeyUnavailableError when it does not open. */
export function openSecret(userId: number, sealed: Uint8Array): Uint8Array {
  const buf = Buffer.from(sealed);
  if (buf.length < 1 + 12 + 16 || buf[0] !== VERSION) throw new SecretKeyUnavailableError('Unknown secret format.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), buf.subarray(1, 13));
    decipher.setAAD(Buffer.from(`user:${userId}`));
    decipher.setAuthTag(buf.subarray(buf.length - 16));
    return new Uint8Array(Buffer.concat([decipher.update(buf.subarray(13, buf.length - 16)), decipher.final()]));
  } catch (err) {
    if (err instanceof SecretKeyUnavailableError) throw err;
    throw new SecretKeyUnavailableError('The two-factor secret does not open with this SECRET_KEY.');
  }
}

/** Forget the derived key (tests that change SECRET_KEY or NODE_ENV). */
export function resetSecretKeyForTests(): void {
  cachedKey = undefined;
}
