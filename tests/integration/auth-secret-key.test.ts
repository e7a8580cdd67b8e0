import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../src/lib/server/config';
import {
  openSecret,
  resetSecretKeyForTests,
  sealSecret,
  secretKeyAvailable,
  SecretKeyUnavailableError,
} from '../../src/lib/server/auth/two-factor/secret-key';

/**
 * Two-factor secrets at rest: AES-256-GCM bound to the user id, the key from
 * SECRET_KEY; a generated 0600 key file in development; none in production
 * without SECRET_KEY (fail closed).
 */

const KEY_A = 'q3bLxv1Q4pJm0sN2yT8wZr6uKc5eHf7gAi9oDl3nB1M';
const KEY_B = 'Zz3bLxv1Q4pJm0sN2yT8wZr6uKc5eHf7gAi9oDl3nB1';
const saved = { ...process.env };
const tmp: string[] = [];

function useEnv(env: Record<string, string | undefined>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-key-'));
  tmp.push(dir);
  for (const k of ['SECRET_KEY', 'NODE_ENV', 'DATA_DIR']) delete process.env[k];
  Object.assign(process.env, { DATA_DIR: dir, ...env });
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  resetConfigForTests();
  resetSecretKeyForTests();
  return dir;
}

afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
  resetSecretKeyForTests();
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('two-factor secret encryption', () => {
  const secret = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1));

  it('round-trips under SECRET_KEY and hides the plaintext', () => {
    useEnv({ SECRET_KEY: KEY_A, NODE_ENV: 'production' });
    const sealed = sealSecret(7, secret);
    expect(Buffer.from(sealed).includes(Buffer.from(secret))).toBe(false);
    expect(openSecret(7, sealed)).toEqual(secret);
    expect(sealSecret(7, secret)).not.toEqual(sealed);
  });

  it('binds the ciphertext to its user', () => {
    useEnv({ SECRET_KEY: KEY_A });
    const sealed = sealSecret(7, secret);
    expect(() => openSecret(8, sealed)).toThrow(SecretKeyUnavailableError);
  });

  it('does not open under another key, nor after tampering', () => {
    useEnv({ SECRET_KEY: KEY_A });
    const sealed = sealSecret(7, secret);
    const tampered = new Uint8Array(sealed);
    tampered[20]! ^= 1;
    expect(() => openSecret(7, tampered)).toThrow(SecretKeyUnavailableError);
    useEnv({ SECRET_KEY: KEY_B });
    expect(() => openSecret(7, sealed)).toThrow(SecretKeyUnavailableError);
  });

  it('generates a private key file outside production when SECRET_KEY is unset, and reuses it', () => {
    const dir = useEnv({ NODE_ENV: 'development' });
    const sealed = sealSecret(1, secret);
    const file = path.join(dir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    resetSecretKeyForTests();
    expect(openSecret(1, sealed)).toEqual(secret);
  });

  it('fails closed in production without SECRET_KEY', () => {
    const dir = useEnv({ NODE_ENV: 'production' });
    expect(secretKeyAvailable()).toBe(false);
    expect(() => sealSecret(1, secret)).toThrow(/SECRET_KEY/);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });
});
