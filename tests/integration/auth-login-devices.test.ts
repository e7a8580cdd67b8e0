import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_TTL_MS, knownDeviceFor, MAX_DEVICES_PER_USER, rememberDevice } from '../../src/lib/server/auth/login-devices';
import { deleteUser, insertUser } from '../../src/lib/server/auth/users';
import { getKysely } from '../../src/lib/server/db/database';
import { writeTransaction } from '../../src/lib/server/db/query';
import { useInProcessDb, type InProcessDb } from '../helpers/in-process-db';

/**
 * Known sign-in devices on a real database of each kind (a SQLite file and a
 * Postgres database): a device cookie names its account only, expires, is
 * renewed rather than multiplied, stores no secret in clear, and an account
 * keeps at most MAX_DEVICES_PER_USER of them.
 */

const cookieOf = (setCookie: string) => setCookie.split(';', 1)[0]!;
/** rememberDevice runs inside a sign-in's write transaction; here it gets one of its own. */
const remember = async (userId: number, cookie: string | null, now: number) =>
  cookieOf(await writeTransaction((trx) => rememberDevice(userId, cookie, now, trx)));
const devicesOf = (userId: number) => getKysely().selectFrom('login_devices').selectAll().where('user_id', '=', userId).execute();

describe.each(['sqlite', 'postgres'] as const)('login devices on %s', (backend) => {
  let db: InProcessDb;
  beforeAll(async () => {
    db = await useInProcessDb(backend);
  });
  afterAll(async () => {
    await db.stop();
  });

  it('recognises a device for its own account only, until it expires', async () => {
    const t0 = 1_000_000;
    const alice = (await insertUser('alice@example.test', 'x', t0))!;
    await insertUser('bob@example.test', 'x', t0);
    const cookie = await remember(alice.id, null, t0);
    expect(cookie).toMatch(/^device=[a-z2-7]{24}\.[a-z2-7]{24}$/);
    expect(await knownDeviceFor(cookie, ' Alice@Example.test ', t0)).not.toBeNull();
    expect(await knownDeviceFor(cookie, 'bob@example.test', t0)).toBeNull();
    expect(await knownDeviceFor(cookie, 'nobody@example.test', t0)).toBeNull();
    // One character of the secret changed (to a letter it is not: a random secret ends in 'a' one time in 32).
    const tampered = `${cookie.slice(0, -1)}${cookie.endsWith('a') ? 'b' : 'a'}`;
    expect(await knownDeviceFor(tampered, 'alice@example.test', t0)).toBeNull();
    expect(await knownDeviceFor('device=garbage', 'alice@example.test', t0)).toBeNull();
    expect(await knownDeviceFor(null, 'alice@example.test', t0)).toBeNull();
    expect(await knownDeviceFor(cookie, 'alice@example.test', t0 + DEVICE_TTL_MS)).toBeNull();
  });

  it('renews a known device instead of adding another, and stores only a hash of its secret', async () => {
    const t0 = 2_000_000;
    const carol = (await insertUser('carol@example.test', 'x', t0))!;
    const first = await remember(carol.id, null, t0);
    const again = await remember(carol.id, first, t0 + 1000);
    expect(again).toBe(first);
    const rows = await devicesOf(carol.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expires_at).toBe(t0 + 1000 + DEVICE_TTL_MS);
    // The row holds the cookie's id and a 32-byte SHA-256 of its secret, never the secret itself.
    const [id, secret] = first.slice('device='.length).split('.');
    expect(rows[0]!.id).toBe(id);
    expect(rows[0]!.secret_hash).toHaveLength(32);
    expect(JSON.stringify(await getKysely().selectFrom('login_devices').selectAll().execute())).not.toContain(secret!);
    // A browser holding another account's device cookie gets a new one for this account.
    const dave = (await insertUser('dave@example.test', 'x', t0))!;
    expect(await remember(dave.id, first, t0)).not.toBe(first);
  });

  it(`keeps the ${MAX_DEVICES_PER_USER} most recently used devices of an account`, async () => {
    const t0 = 3_000_000;
    const erin = (await insertUser('erin@example.test', 'x', t0))!;
    const cookies: string[] = [];
    for (let i = 0; i < MAX_DEVICES_PER_USER + 5; i++) cookies.push(await remember(erin.id, null, t0 + i));
    expect(await devicesOf(erin.id)).toHaveLength(MAX_DEVICES_PER_USER);
    const now = t0 + 100;
    expect(await knownDeviceFor(cookies[0]!, 'erin@example.test', now)).toBeNull();
    expect(await knownDeviceFor(cookies.at(-1)!, 'erin@example.test', now)).not.toBeNull();
  });

  it(`keeps exactly ${MAX_DEVICES_PER_USER} when several devices were last used in the same millisecond`, async () => {
    const t0 = 3_500_000;
    const gina = (await insertUser('gina@example.test', 'x', t0))!;
    // Ties at the cut are broken by id, so the cap holds exactly.
    for (let i = 0; i < MAX_DEVICES_PER_USER + 3; i++) await remember(gina.id, null, t0);
    expect(await devicesOf(gina.id)).toHaveLength(MAX_DEVICES_PER_USER);
    await remember(gina.id, null, t0 + 1);
    const left = await devicesOf(gina.id);
    expect(left).toHaveLength(MAX_DEVICES_PER_USER);
    expect(left.filter((d) => d.last_used_at === t0 + 1)).toHaveLength(1);
  });

  it('goes with its account', async () => {
    const t0 = 4_000_000;
    const frank = (await insertUser('frank@example.test', 'x', t0))!;
    await remember(frank.id, null, t0);
    expect(await deleteUser(frank.id)).toBe(true);
    expect(await devicesOf(frank.id)).toHaveLength(0);
  });
});
