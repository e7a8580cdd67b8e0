import { getDb } from '../db/connection';
import { cachedStatement } from '../db/statements';
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
export function knownDeviceFor(cookieHeader: string | null, email: string, now = Date.now()): string | null {
  const found = presentedDevice(cookieHeader, now);
  if (!found || found.email !== normalizeEmail(email)) return null;
  return found.id;
}

function presentedDevice(cookieHeader: string | null, now: number): DeviceRow | null {
  const token = readCookie(cookieHeader, deviceCookieName());
  const parts = token ? parseToken(token) : null;
  if (!parts) return null;
  const row = cachedStatement(
    'SELECT d.id, d.secret_hash, d.user_id, d.expires_at, u.email FROM login_devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?',
  ).get(parts.id) as DeviceRow | undefined;
  if (!row || row.expires_at <= now || !secretMatches(parts.secret, row.secret_hash)) return null;
  return row;
}

/**
 * After a completed sign-in: the Set-Cookie that keeps (or makes) this
 * browser a known device of `userId`, for another DEVICE_TTL_MS. A cookie for
 * another account is replaced; a browser remembers one account at a time.
 */
export function rememberDevice(userId: number, cookieHeader: string | null, now = Date.now()): string {
  const db = getDb();
  const expiresAt = now + DEVICE_TTL_MS;
  const current = presentedDevice(cookieHeader, now);
  if (current && current.user_id === userId) {
    cachedStatement('UPDATE login_devices SET last_used_at = ?, expires_at = ? WHERE id = ?').run(now, expiresAt, current.id);
    return deviceCookieHeader(readCookie(cookieHeader, deviceCookieName())!, expiresAt);
  }
  const t = issueToken();
  db.transaction(() => {
    cachedStatement('INSERT INTO login_devices (id, secret_hash, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      t.id,
      t.secretHash,
      userId,
      now,
      now,
      expiresAt,
    );
    // Keep the newest MAX_DEVICES_PER_USER and drop expired rows of anyone.
    cachedStatement(
      `DELETE FROM login_devices WHERE user_id = ? AND id NOT IN
         (SELECT id FROM login_devices WHERE user_id = ? ORDER BY last_used_at DESC LIMIT ?)`,
    ).run(userId, userId, MAX_DEVICES_PER_USER);
    cachedStatement('DELETE FROM login_devices WHERE expires_at <= ?').run(now);
  })();
  return deviceCookieHeader(t.token, expiresAt);
}
