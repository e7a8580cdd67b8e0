import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, get, logInHttp, postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalExec, portalRows } from '../helpers/portal-db';

/**
 * Sessions against the running portal: token entropy and hashed storage,
 * a fresh session at login, server-side logout and the idle/absolute
 * expiry with hourly sliding renewal, with the lifetimes
 * configured through SESSION_IDLE_DAYS / SESSION_MAX_DAYS.
 */

let portal: PortalProcess;
const HOUR = 3_600_000;
const DAY = 86_400_000;

beforeAll(async () => {
  portal = await startPortal({ env: { SESSION_IDLE_DAYS: '2', SESSION_MAX_DAYS: '5', THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

interface Row {
  id: string;
  secret_hash: Buffer;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
}
const sessionRow = async (id: string) => (await portalRows<Row>(portal.dataDir, 'SELECT * FROM sessions WHERE id = ?', [id]))[0];
const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
const isSignedIn = async (cookie: string) => (await get(portal.url, '/welcome', { cookie })).status === 200;

describe('session tokens are random enough and stored only as hashes', () => {
  it('carry at least 128 random bits and only their SHA-256 is stored', async () => {
    const tokens = await Promise.all([1, 2, 3].map(() => signUpHttp(portal.url).then((a) => tokenOf(a.cookie))));
    for (const token of tokens) {
      const m = /^([a-z2-7]{24})\.([a-z2-7]{24})$/.exec(token);
      expect(m, token).not.toBeNull();
      // 24 base32 characters are 120 bits each; id + secret are 240 bits, the secret alone 120 + id 120.
      expect((m![1]!.length + m![2]!.length) * 5).toBeGreaterThanOrEqual(128);
      const row = await sessionRow(m![1]!);
      expect(row).toBeDefined();
      expect(Buffer.from(row!.secret_hash)).toEqual(createHash('sha256').update(m![2]!).digest());
      const dump = JSON.stringify(await portalRows(portal.dataDir, 'SELECT * FROM sessions'));
      expect(dump).not.toContain(m![2]!);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('refuse a known id with a wrong secret (the secret is what is compared)', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const [id, secret] = tokenOf(cookie).split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    expect(await isSignedIn(`session=${id}.${flipped}`)).toBe(false);
    expect(await isSignedIn(cookie)).toBe(true);
  });
});

describe('signing in always issues a fresh session', () => {
  it('kills whatever session token the browser presented before logging in', async () => {
    const account = await signUpHttp(portal.url);
    const before = account.cookie;
    const res = await logInHttp(portal.url, account.email, account.password, { cookie: before });
    expect(res.status).toBe(303);
    const after = cookieFrom(res, 'session');
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(await isSignedIn(before)).toBe(false);
    expect(await sessionRow(tokenOf(before).split('.')[0]!)).toBeUndefined();
    expect(await isSignedIn(after!)).toBe(true);
  });

  it('also kills a planted session of another account', async () => {
    const victim = await signUpHttp(portal.url);
    const attacker = await signUpHttp(portal.url);
    const res = await logInHttp(portal.url, victim.email, victim.password, { cookie: attacker.cookie });
    expect(res.status).toBe(303);
    expect(await isSignedIn(attacker.cookie)).toBe(false);
  });
});

describe('logging out ends the session on the server', () => {
  it('deletes the session on the server and clears the cookie; the old cookie is anonymous afterwards', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const id = tokenOf(cookie).split('.')[0]!;
    expect(await sessionRow(id)).toBeDefined();
    const res = await postForm(portal.url, '/logout', {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/^session=;.*Max-Age=0/m);
    expect(await sessionRow(id)).toBeUndefined();
    const replay = await get(portal.url, '/welcome', { cookie });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await get(portal.url, '/api/me', { cookie })).status).toBe(401);
  });
});

describe('sessions end after the idle timeout and the absolute lifetime, and slide while used', () => {
  it('sets the configured idle and absolute expiries on a new session', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const row = (await sessionRow(tokenOf(cookie).split('.')[0]!))!;
    expect(row.idle_expires_at - row.created_at).toBe(2 * DAY);
    expect(row.absolute_expires_at - row.created_at).toBe(5 * DAY);
  });

  it('ends a session idle past its idle expiry', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const id = tokenOf(cookie).split('.')[0]!;
    const now = Date.now();
    await portalExec(portal.dataDir, 'UPDATE sessions SET last_seen_at = ?, idle_expires_at = ? WHERE id = ?', [now - 3 * DAY, now - 1000, id]);
    expect(await isSignedIn(cookie)).toBe(false);
    expect(await sessionRow(id)).toBeUndefined();
  });

  it('ends a session past its absolute lifetime even when it was used recently', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const id = tokenOf(cookie).split('.')[0]!;
    const now = Date.now();
    await portalExec(
      portal.dataDir,
      'UPDATE sessions SET created_at = ?, last_seen_at = ?, idle_expires_at = ?, absolute_expires_at = ? WHERE id = ?',
      [now - 5 * DAY, now - 60_000, now + DAY, now - 1000, id],
    );
    expect(await isSignedIn(cookie)).toBe(false);
  });

  it('slides the idle expiry when used more than an hour after the last write, never past the absolute one', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const id = tokenOf(cookie).split('.')[0]!;
    const now = Date.now();
    const absolute = now + DAY; // closer than the 2-day idle window
    await portalExec(portal.dataDir, 'UPDATE sessions SET last_seen_at = ?, idle_expires_at = ?, absolute_expires_at = ? WHERE id = ?', [
      now - 2 * HOUR,
      now + HOUR,
      absolute,
      id,
    ]);
    expect(await isSignedIn(cookie)).toBe(true);
    const row = (await sessionRow(id))!;
    expect(row.last_seen_at).toBeGreaterThanOrEqual(now);
    expect(row.idle_expires_at).toBe(absolute);
  });

  it('writes the renewal at most once an hour', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const id = tokenOf(cookie).split('.')[0]!;
    const now = Date.now();
    const seen = now - 30 * 60_000;
    const idle = now + 2 * DAY - 30 * 60_000;
    await portalExec(portal.dataDir, 'UPDATE sessions SET last_seen_at = ?, idle_expires_at = ? WHERE id = ?', [seen, idle, id]);
    expect(await isSignedIn(cookie)).toBe(true);
    expect(await isSignedIn(cookie)).toBe(true);
    const row = (await sessionRow(id))!;
    expect(row.last_seen_at).toBe(seen);
    expect(row.idle_expires_at).toBe(idle);
  });
});
