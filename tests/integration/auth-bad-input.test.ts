import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts';
import { get, postForm, signUpHttp } from '../helpers/auth-http';
import { portalRows, portalValue } from '../helpers/portal-db';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * Bad input on every auth form and endpoint (missing fields, 1 MB bodies,
 * invalid UTF-8, wrong content types) gets a 4xx with a message, never a 500,
 * and writes nothing.
 */

let portal: PortalProcess;
let cookie: string;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
  cookie = (await signUpHttp(portal.url)).cookie;
});
afterAll(async () => {
  await portal?.stop();
});

const FORMS = [
  '/signup',
  '/login',
  '/login/two-factor',
  '/logout',
  '/forgot-password',
  '/reset-password',
  '/account',
  '/account/password',
  '/account/tokens',
  '/account/two-factor',
];

async function snapshot() {
  const count = (t: string) => portalValue<number>(portal.dataDir, `SELECT COUNT(*) FROM ${t}`);
  return {
    users: await count('users'),
    sessions: await count('sessions'),
    tokens: await count('api_tokens'),
    resets: await count('password_resets'),
    hashes: (await portalRows<{ password_hash: string }>(portal.dataDir, 'SELECT password_hash FROM users ORDER BY id'))
      .map((r) => r.password_hash)
      .join(','),
  };
}

async function expectClear4xx(res: Response, status: number | number[], label: string) {
  const allowed = Array.isArray(status) ? status : [status];
  expect(allowed, `${label}: got ${res.status}`).toContain(res.status);
  const text = await res.text();
  expect(text, label).not.toMatch(/at .*\.(m?js|ts):\d+/);
  expect(text.length, label).toBeGreaterThan(0);
}

describe('bad input never gets a 500 and never writes', () => {
  it('refuses 1 MB bodies with 413', async () => {
    const before = await snapshot();
    const big = `email=${'a'.repeat(1024 * 1024)}&password=x`;
    for (const p of FORMS) await expectClear4xx(await postForm(portal.url, p, {}, { cookie, rawBody: big }), 413, p);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses invalid UTF-8, raw or percent-encoded, with 400', async () => {
    const before = await snapshot();
    const raw = Buffer.concat([Buffer.from('email=a%40example.test&password='), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('&action=create')]);
    for (const p of FORMS) {
      await expectClear4xx(await postForm(portal.url, p, {}, { cookie, rawBody: raw }), 400, `${p} raw`);
      await expectClear4xx(await postForm(portal.url, p, {}, { cookie, rawBody: 'email=%FF%FE&password=%C3%28&action=end' }), 400, `${p} escaped`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses other content types with 415', async () => {
    const before = await snapshot();
    for (const p of FORMS) {
      for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
        const res = await postForm(portal.url, p, {}, { cookie, rawBody: '{"email":"a@b.c","password":"x"}', headers: { 'content-type': type } });
        await expectClear4xx(res, 415, `${p} ${type}`);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers missing or empty fields with 400 and the message next to the field', async () => {
    const before = await snapshot();
    const cases: [string, Record<string, string>, string][] = [
      ['/signup', {}, 'Enter your email address.'],
      ['/signup', { email: 'not-an-email', password: 'long enough password' }, 'Enter an email address like'],
      ['/login', { email: 'someone@example.test' }, 'Enter your password.'],
      ['/forgot-password', {}, 'Enter your email address.'],
      ['/reset-password', {}, 'invalid, already used or expired'],
      ['/account', {}, 'Unknown action.'],
      ['/account', { action: 'end', session_id: '../../etc' }, 'does not exist'],
      ['/account/password', {}, 'Enter your current password.'],
      ['/account/tokens', {}, 'Unknown action.'],
      ['/account/tokens', { action: 'revoke', token_id: 'x' }, 'does not exist'],
      ['/account/two-factor', {}, 'Unknown action.'],
      ['/account/two-factor', { action: 'confirm', code: '123456' }, 'does not match'],
    ];
    for (const [p, fields, message] of cases) {
      const res = await postForm(portal.url, p, fields, { cookie });
      expect([400, 404], `${p} ${JSON.stringify(fields)}: ${res.status}`).toContain(res.status);
      expect(await res.text(), p).toContain(message);
    }
    const field = await postForm(portal.url, '/signup', { email: '' }, {});
    expect(await field.text()).toMatch(
      /<input[^>]*id="f-email"[^>]*aria-invalid="true"[^>]*aria-describedby="f-email-error"|aria-describedby="f-email-error"[^>]*aria-invalid="true"/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the typed email but never echoes a password', async () => {
    const res = await postForm(portal.url, '/signup', { email: 'keep-me@example.test', password: 'short' });
    const html = await res.text();
    expect(html).toContain('value="keep-me@example.test"');
    expect(html).not.toContain('value="short"');
    const login = await postForm(portal.url, '/login', { email: 'keep-me@example.test', password: 'a secret try 42' });
    expect(await login.text()).not.toContain('a secret try 42');
  });

  it('handles oversized and malformed credentials on GET endpoints with 4xx', async () => {
    const acct = await createAccount(portal.dataDir, { scopes: ['account:read'] });
    expect((await get(portal.url, '/api/me', { headers: { authorization: `Bearer ${'x'.repeat(5000)}` } })).status).toBe(401);
    expect((await get(portal.url, '/api/me', { headers: { authorization: `Bearer ${acct.token}x` } })).status).toBe(401);
    expect((await get(portal.url, '/api/me', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status).toBe(401);
    expect((await get(portal.url, '/welcome', { cookie: `session=${'z'.repeat(4000)}` })).status).toBe(303);
    expect((await get(portal.url, '/welcome', { cookie: 'session=abc.def; session=x' })).status).toBe(303);
    const link = await get(portal.url, `/reset-password?token=${'%FF'.repeat(3000)}`);
    expect(link.status).toBe(303);
    // An encoded separator never reaches a router: the path is refused before any decision (400).
    expect((await get(portal.url, '/dev/mail/..%2F..%2Fportal.db')).status).toBe(400);
    expect((await get(portal.url, '/dev/mail/../../portal.db')).status).toBe(404);
    expect((await get(portal.url, '/login?next=https://evil.example/')).status).toBe(200);
  });

  it('never redirects off-site after login (next accepts relative paths only)', async () => {
    const a = await signUpHttp(portal.url);
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await postForm(portal.url, '/login', { email: a.email, password: a.password, next });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/welcome');
    }
    const ok = await postForm(portal.url, '/login', { email: a.email, password: a.password, next: '/lessons?x=1' });
    expect(ok.headers.get('location')).toBe('/lessons?x=1');
  });

  it('answers each status with its own reason phrase (never "400 OK")', async () => {
    const bad = await postForm(portal.url, '/signup', { email: '', password: '' });
    expect([bad.status, bad.statusText]).toEqual([400, 'Bad Request']);
    const email = `reason-${Date.now()}@example.test`;
    let last: Response | undefined;
    // The per-email sign-up bucket holds 3 (not scaled by THROTTLE_IP_FACTOR): the 4th valid try is throttled.
    for (let i = 0; i < 4; i++) last = await postForm(portal.url, '/signup', { email, password: 'violet lantern reason harbour' });
    expect([last!.status, last!.statusText]).toEqual([429, 'Too Many Requests']);
    const created = await postForm(
      portal.url,
      '/account/tokens',
      { action: 'create', name: 'reason', 'scope:rest': 'on', expires_days: '1' },
      { cookie },
    );
    expect([created.status, created.statusText]).toEqual([201, 'Created']);
    const method = await fetch(new URL('/logout', portal.url), { method: 'PUT', redirect: 'manual' });
    expect([method.status, method.statusText]).toEqual([405, 'Method Not Allowed']);
    const noLink = await get(portal.url, '/reset-password');
    expect([noLink.status, noLink.statusText]).toEqual([400, 'Bad Request']);
  });
});
