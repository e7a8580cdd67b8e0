import { sql } from 'kysely';
import { getKysely } from '../db/database';
import { changed, prepareQuery, type Executor } from '../db/query';
import { deviceCookieHeader, deviceCookieName, readCookie } from './cookies';
import { issueToken, parseToken, secretMatches } from './secrets';
import { normalizeEmail } from './users';

/**
 * Known sign-in devices, OWASP's answer to lockout by strangers
 * ("Slow Down Online Guessing Attacks with Device Cookies"). The per-account
 * login bucket is keyed by the typed email, so anyone who knows an address
 * can keep it empty. A browser that completed a sign-in to an account holds a
 * device token for that account; its later logins to that account draw from a
 * bucket of their own instead, which only that browser can empty. Unknown
 * browsers (and every guess for an address the browser never signed in to)
 * still share the account's bucket. Tokens are stored like sessions: id plus
 * SHA-256 of the secret, compared in constant time.
 */

/** How long a device stays known after its last sign-in. */
export const DEVICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** Most devices remembered per account; the least recently used go first. */
export const MAX_DEVICES_PER_USER = 20;

interface DeviceRow {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  expires_at: number;
  email: string;
}

/**
 * The id of the device the request's cookie names, when it is a live device
 * of the account with this (typed) email; otherwise null.
 */
export async function knownDeviceFor(cookieHeader: string | null, email: string, now = Date.now()): Promise<string | null> {
  const found = await presentedDevice(cookieHeader, now, getKysely());
  if (!found || found.email !== normalizeEmail(email)) return null;
  return found.id;
}

// Every sign-in from a known browser looks its device up: compiled once.
const deviceWithEmail = prepareQuery(1, (db, id: string) =>
  db
    .selectFrom('login_devices as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select(['d.id', 'd.secret_hash', 'd.user_id', 'd.expires_at', 'u.email'])
    .where('d.id', '=', id),
);

async function presentedDevice(cookieHeader: string | null, now: number, db: Executor): Promise<DeviceRow | null> {
  const token = readCookie(cookieHeader, deviceCookieName());
  const parts = token ? parseToken(token) : null;
  if (!parts) return null;
  const row = await deviceWithEmail.first([parts.id], db);
  if (!row || row.expires_at <= now || !secretMatches(parts.secret, row.secret_hash)) return null;
  return row;
}

// Every completed sign-in runs these in its transaction: compiled once.
const keepDevice = prepareQuery(3, (db, now: number, expiresAt: number, id: string) =>
  db.updateTable('login_devices').set({ last_used_at: now, expires_at: expiresAt }).where('id', '=', id),
);

type DeviceValues = [string, Uint8Array, number, number, number, number];
const insertDevice = prepareQuery(6, (db, ...v: DeviceValues) =>
  db.insertInto('login_devices').values({ id: v[0], secret_hash: v[1], user_id: v[2], created_at: v[3], last_used_at: v[4], expires_at: v[5] }),
);

// Everything older than the account's MAX_DEVICES_PER_USER-th most recent device goes: one index walk to
// that device, one range of the same index to delete (a NOT IN over all the account's devices cost twice as
// much). LIMIT and OFFSET are written into the SQL, not bound: SQLite's planner reads bound LIMIT values, so a
// statement with one is compiled again at every run.
const pruneDevices = prepareQuery(2, (db, userId: number, sameUserId: number) =>
  db
    .deleteFrom('login_devices')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb(
        eb.refTuple('last_used_at', 'id'),
        '<',
        eb
          .selectFrom('login_devices')
          .select(['last_used_at', 'id'])
          .where('user_id', '=', sameUserId)
          .orderBy('last_used_at', 'desc')
          .orderBy('id', 'desc')
          .limit(sql.lit(1))
          .offset(sql.lit(MAX_DEVICES_PER_USER - 1))
          .$asTuple('last_used_at', 'id'),
      ),
    ),
);

const dropExpiredDevices = prepareQuery(1, (db, now: number) => db.deleteFrom('login_devices').where('expires_at', '<=', now));

/**
 * Expired rows of anyone are dropped at the first new device a process
 * remembers and then at every SWEEP_EVERY-th, not at each: an expired row is
 * never honoured (presentedDevice checks expires_at), so it only takes room,
 * and the sweep is a statement less in most sign-ins' transaction.
 */
const SWEEP_EVERY = 50;
let newDevicesSinceSweep = SWEEP_EVERY - 1;

/**
 * After a completed sign-in, in its transaction `db`: the Set-Cookie that
 * keeps (or makes) this browser a known device of `userId`, for another
 * DEVICE_TTL_MS. A cookie for another account is replaced; a browser
 * remembers one account at a time. `knownDeviceId`, when the caller already
 * looked the cookie up for this account (a login's throttle did), spares the
 * second lookup: a string is this account's live device, null none.
 */
export async function rememberDevice(
  userId: number,
  cookieHeader: string | null,
  now: number,
  db: Executor,
  knownDeviceId?: string | null,
): Promise<string> {
  const expiresAt = now + DEVICE_TTL_MS;
  const currentId =
    knownDeviceId !== undefined ? knownDeviceId : await presentedDevice(cookieHeader, now, db).then((d) => (d?.user_id === userId ? d.id : null));
  if (currentId) {
    const kept = await keepDevice.result([now, expiresAt, currentId], db);
    // Pruned since it was looked up (another sign-in's sweep): remembered afresh below.
    if (changed(kept) === 1) return deviceCookieHeader(readCookie(cookieHeader, deviceCookieName())!, expiresAt);
  }
  const t = issueToken();
  await insertDevice.result([t.id, t.secretHash, userId, now, now, expiresAt], db);
  // Keep the newest MAX_DEVICES_PER_USER; now and then drop expired rows of anyone.
  await pruneDevices.result([userId, userId], db);
  if (++newDevicesSinceSweep >= SWEEP_EVERY) {
    newDevicesSinceSweep = 0;
    await dropExpiredDevices.result([now], db);
  }
  return deviceCookieHeader(t.token, expiresAt);
}
