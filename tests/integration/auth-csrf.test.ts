import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts';
import { freshEmail, get, goodPassword, postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalValue } from '../helpers/portal-db';

/**
 * Cross-site state changes are refused with 403: HTML forms
 * (Astro checkOrigin plus our Origin / Sec-Fetch-Site check) and JSON calls
 * that ride on the cookie. Token calls, which carry no ambient credential,
 * may come from any origin.
 */

let portal: PortalProcess;
const EVIL = 'https://evil.example';

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const userCount = () => portalValue<number>(portal.dataDir, 'SELECT COUNT(*) FROM users');
const signedIn = async (cookie: string) => (await get(portal.url, '/welcome', { cookie })).status === 200;

describe('cross-site requests that change state are refused unless token-authenticated', () => {
  it('refuses a cross-site signup form and creates nothing', async () => {
    const before = await userCount();
    const res = await postForm(portal.url, '/signup', { email: freshEmail(), password: goodPassword() }, { headers: { origin: EVIL } });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await userCount()).toBe(before);
  });

  it('refuses a cross-site login form (login CSRF) without setting a cookie', async () => {
    const a = await signUpHttp(portal.url);
    const res = await postForm(portal.url, '/login', { email: a.email, password: a.password }, { headers: { origin: EVIL } });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a cross-site logout and a cross-site password change riding on the victim cookie', async () => {
    const a = await signUpHttp(portal.url);
    const hash = () => portalValue<string>(portal.dataDir, 'SELECT password_hash FROM users WHERE email = ?', [a.email]);
    const before = await hash();
    const logout = await postForm(portal.url, '/logout', {}, { cookie: a.cookie, headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } });
    expect(logout.status).toBe(403);
    expect(await signedIn(a.cookie)).toBe(true);
    const change = await postForm(
      portal.url,
      '/account/password',
      { current_password: a.password, new_password: goodPassword() },
      { cookie: a.cookie, headers: { origin: EVIL } },
    );
    expect(change.status).toBe(403);
    expect(await hash()).toBe(before);
  });

  it('refuses a form whose Sec-Fetch-Site says cross-site even with a forged same Origin', async () => {
    const a = await signUpHttp(portal.url);
    const res = await postForm(portal.url, '/account', { action: 'end_others' }, { cookie: a.cookie, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('refuses cookie-authenticated JSON state changes from another site (Origin or Sec-Fetch-Site)', async () => {
    const a = await signUpHttp(portal.url);
    const variants: Record<string, string>[] = [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of variants) {
      const res = await fetch(`${portal.url}/api/me`, {
        method: 'POST',
        headers: { cookie: a.cookie, 'content-type': 'application/json', ...headers },
        body: '{}',
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_site');
    }
    const same = await fetch(`${portal.url}/api/me`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'content-type': 'application/json', origin: portal.url, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(same.status).not.toBe(403);
  });

  it('lets token calls come from any origin (no cookie involved) with CORS', async () => {
    const acct = await createAccount(portal.dataDir, { scopes: ['account:read'] });
    const res = await fetch(`${portal.url}/api/me`, { headers: { authorization: `Bearer ${acct.token}`, origin: 'null' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
