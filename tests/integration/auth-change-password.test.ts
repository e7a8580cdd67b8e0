import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, get, goodPassword, logInHttp, postForm, signUpHttp, waitForMail } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalValue } from '../helpers/portal-db';

/** Changing the password needs the current one and ends every other session. */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const hashOf = (email: string) => portalValue<string>(portal.dataDir, 'SELECT password_hash FROM users WHERE email = ?', [email]);
const signedIn = async (cookie: string) => (await get(portal.url, '/welcome', { cookie })).status === 200;

describe('changing the password needs the current one and ends every other session', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    const a = await signUpHttp(portal.url);
    const before = await hashOf(a.email);
    const res = await postForm(
      portal.url,
      '/account/password',
      { current_password: 'not my password at all', new_password: goodPassword() },
      { cookie: a.cookie },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('This is not your current password.');
    expect(html).toMatch(/aria-describedby="f-current_password-error"/);
    expect(await hashOf(a.email)).toBe(before);
    expect(await signedIn(a.cookie)).toBe(true);
  });

  it('refuses a missing current password', async () => {
    const a = await signUpHttp(portal.url);
    const res = await postForm(portal.url, '/account/password', { new_password: goodPassword() }, { cookie: a.cookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Enter your current password.');
  });

  it('with the current password: changes it, ends every other session, keeps this browser signed in with a new session', async () => {
    const a = await signUpHttp(portal.url);
    const other = cookieFrom(await logInHttp(portal.url, a.email, a.password), 'session')!;
    expect(await signedIn(other)).toBe(true);
    const next = goodPassword();
    const res = await postForm(portal.url, '/account/password', { current_password: a.password, new_password: next }, { cookie: a.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/password/changed');
    const fresh = cookieFrom(res, 'session')!;
    expect(fresh).not.toBe(a.cookie);
    expect(await signedIn(other)).toBe(false);
    expect(await signedIn(a.cookie)).toBe(false);
    expect(await signedIn(fresh)).toBe(true);
    expect((await get(portal.url, '/account/password/changed', { cookie: fresh })).status).toBe(200);
    expect((await logInHttp(portal.url, a.email, a.password)).status).toBe(400);
    expect((await logInHttp(portal.url, a.email, next)).status).toBe(303);
    await waitForMail(portal.dataDir, a.email, /password was changed/i);
  });

  it('is not reachable anonymously or with an API token', async () => {
    const anon = await get(portal.url, '/account/password');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Faccount%2Fpassword');
  });
});
