import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDataDir } from '../helpers/accounts';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { resetConfigForTests } from '../../src/lib/server/config';
import { DEVICE_TTL_MS, knownDeviceFor, MAX_DEVICES_PER_USER, rememberDevice } from '../../src/lib/server/auth/login-devices';
import { insertUser } from '../../src/lib/server/auth/users';

/**
 * Known sign-in devices on a real SQLite file: a device cookie names its
 * account only, expires, is renewed rather than multiplied, stores no secret
 * in clear, and an account keeps at most MAX_DEVICES_PER_USER of them.
 */

let dir: string;
const cookieOf = (setCookie: string) => setCookie.split(';', 1)[0]!;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-devices-'));
  useDataDir(dir);
});
afterAll(() => {
  closeDb();
  resetConfigForTests();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('login devices', () => {
  it('recognises a device for its own account only, until it expires', () => {
    const t0 = 1_000_000;
    const alice = insertUser('alice@example.test', 'x', t0)!;
    insertUser('bob@example.test', 'x', t0);
    const cookie = cookieOf(rememberDevice(alice.id, null, t0));
    expect(cookie).toMatch(/^device=[a-z2-7]{24}\.[a-z2-7]{24}$/);
    expect(knownDeviceFor(cookie, ' Alice@Example.test ', t0)).not.toBeNull();
    expect(knownDeviceFor(cookie, 'bob@example.test', t0)).toBeNull();
    expect(knownDeviceFor(cookie, 'nobody@example.test', t0)).toBeNull();
    expect(knownDeviceFor(`${cookie.slice(0, -1)}a`, 'alice@example.test', t0)).toBeNull();
    expect(knownDeviceFor('device=garbage', 'alice@example.test', t0)).toBeNull();
    expect(knownDeviceFor(null, 'alice@example.test', t0)).toBeNull();
    expect(knownDeviceFor(cookie, 'alice@example.test', t0 + DEVICE_TTL_MS)).toBeNull();
  });

  it('renews a known device instead of adding another, and stores only a hash of its secret', () => {
    const t0 = 2_000_000;
    const carol = insertUser('carol@example.test', 'x', t0)!;
    const first = cookieOf(rememberDevice(carol.id, null, t0));
    const again = cookieOf(rememberDevice(carol.id, first, t0 + 1000));
    expect(again).toBe(first);
    const rows = getDb().prepare('SELECT id, secret_hash, expires_at FROM login_devices WHERE user_id = ?').all(carol.id) as {
      id: string;
      secret_hash: Uint8Array;
      expires_at: number;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expires_at).toBe(t0 + 1000 + DEVICE_TTL_MS);
    // The row holds the cookie's id and a 32-byte SHA-256 of its secret, never the secret itself.
    const [id, secret] = first.slice('device='.length).split('.');
    expect(rows[0]!.id).toBe(id);
    expect(rows[0]!.secret_hash).toHaveLength(32);
    expect(JSON.stringify(getDb().prepare('SELECT * FROM login_devices').all())).not.toContain(secret!);
    // A browser holding another account's device cookie gets a new one for this account.
    const dave = insertUser('dave@example.test', 'x', t0)!;
    expect(cookieOf(rememberDevice(dave.id, first, t0))).not.toBe(first);
  });

  it(`keeps the ${MAX_DEVICES_PER_USER} most recently used devices of an account`, () => {
    const t0 = 3_000_000;
    const erin = insertUser('erin@example.test', 'x', t0)!;
    const cookies = Array.from({ length: MAX_DEVICES_PER_USER + 5 }, (_, i) => cookieOf(rememberDevice(erin.id, null, t0 + i)));
    expect(getDb().prepare('SELECT COUNT(*) FROM login_devices WHERE user_id = ?').pluck().get(erin.id)).toBe(MAX_DEVICES_PER_USER);
    const now = t0 + 100;
    expect(knownDeviceFor(cookies[0]!, 'erin@example.test', now)).toBeNull();
    expect(knownDeviceFor(cookies.at(-1)!, 'erin@example.test', now)).not.toBeNull();
  });

  it('goes with its account', () => {
    const t0 = 4_000_000;
    const frank = insertUser('frank@example.test', 'x', t0)!;
    rememberDevice(frank.id, null, t0);
    getDb().prepare('DELETE FROM users WHERE id = ?').run(frank.id);
    expect(getDb().prepare('SELECT COUNT(*) FROM login_devices WHERE user_id = ?').pluck().get(frank.id)).toBe(0);
  });
});
