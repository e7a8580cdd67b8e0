import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, freshEmail, get, goodPassword, postForm, setCookieHeader, signUpHttp } from '../helpers/auth-http';
import { portalValue } from '../helpers/portal-db';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * POST /login is answered before Astro in production (server/web.ts,
 * page-fast-path/login.ts). Whatever road a login takes there, it answers
 * as the login page and the middleware do: the same security headers and
 * cookies on a redirect, the page (with its message, the typed email and
 * `next`) on a failure, the middleware's refusals, body limits and throttle.
 */

let portal: PortalProcess;
let account: { email: string; password: string };
/** The security headers of an ordinary page answer (GET /login through Astro). */
let pageSecurity: Record<string, string>;

const SECURITY = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'x-frame-options',
  'strict-transport-security',
];

function securityOf(res: Response): Record<string, string> {
  return Object.fromEntries(SECURITY.flatMap((name) => (res.headers.has(name) ? [[name, res.headers.get(name)!]] : [])));
}

async function sessions(): Promise<number> {
  return Number(await portalValue<number>(portal.dataDir, 'SELECT COUNT(*) FROM sessions'));
}

beforeAll(async () => {
  portal = await startPortal();
  const made = await signUpHttp(portal.url);
  account = { email: made.email, password: made.password };
  const page = await get(portal.url, '/login');
  pageSecurity = securityOf(page);
  expect(Object.keys(pageSecurity).length).toBeGreaterThanOrEqual(6);
});
afterAll(async () => {
  await portal?.stop();
});

describe('POST /login before Astro', () => {
  it('signs in with a 303 carrying the page headers, no-store, a request id and both cookies', async () => {
    const res = await postForm(portal.url, '/login?next=/ignored', { ...account, next: '/lessons' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/lessons');
    expect(securityOf(res)).toEqual(pageSecurity);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{4,64}$/);
    const session = setCookieHeader(res, 'session');
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(cookieFrom(res, 'device')).not.toBeNull();
    // The new session works on a guarded page.
    const account_ = await get(portal.url, '/account', { cookie: cookieFrom(res, 'session') });
    expect(account_.status).toBe(200);
  });

  it('keeps `next` safe: an absolute or protocol-relative next becomes a path of this site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x']) {
      const res = await postForm(portal.url, '/login', { ...account, next });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')!.startsWith('/')).toBe(true);
      expect(res.headers.get('location')!.startsWith('//')).toBe(false);
    }
  });

  it('shows the page again for a wrong password and an unknown email alike, with the typed email and next', async () => {
    const before = await sessions();
    const wrong = await postForm(portal.url, '/login', { email: account.email, password: 'not it at all', next: '/lessons' });
    const unknown = await postForm(portal.url, '/login', { email: freshEmail('nobody'), password: 'not it at all', next: '/lessons' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(securityOf(res)).toEqual(pageSecurity);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const [w, u] = [await wrong.text(), await unknown.text()];
    expect(w).toContain('Email or password is incorrect.');
    expect(w).toContain(`value="${account.email}"`);
    expect(w).toMatch(/name="next" value="\/lessons"/);
    // Apart from the typed address, the two pages are the same.
    const strip = (html: string) => html.replace(/value="[^"]*@example\.test"/g, '');
    expect(strip(u)).toBe(strip(w));
    expect(await sessions()).toBe(before);
  });

  it('answers a missing field with 400 and the field errors', async () => {
    const res = await postForm(portal.url, '/login', { email: account.email });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Enter your password.');
  });

  it('refuses a cross-site post with 403 and signs nobody in', async () => {
    const before = await sessions();
    const res = await postForm(portal.url, '/login', account, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(securityOf(res)).toEqual(pageSecurity);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await sessions()).toBe(before);
  });

  it('keeps the body limits: 413 past 16 KiB, 400 for bad escapes, 415 for another type, each as the page', async () => {
    const big = await postForm(portal.url, '/login', {}, { rawBody: `email=${'a'.repeat(20_000)}&password=x` });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('larger than');
    const bad = await postForm(portal.url, '/login', {}, { rawBody: 'email=%FF%FE&password=%C3%28' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not valid UTF-8');
    const rawBytes = Buffer.concat([Buffer.from('email=a%40example.test&password='), Buffer.from([0xff, 0xfe, 0x41])]);
    const raw = await postForm(portal.url, '/login', {}, { rawBody: rawBytes });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toContain('not valid UTF-8');
    const empty = await postForm(portal.url, '/login', {}, { rawBody: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Please fill in both fields.');
    const json = await postForm(portal.url, '/login', {}, { rawBody: '{}', headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    // The connection and the portal are fine afterwards.
    expect((await postForm(portal.url, '/login', account)).status).toBe(303);
  });

  it('throttles an account with 429 and Retry-After once its bucket is empty, and a right password still refunds', async () => {
    const victim = await signUpHttp(portal.url, freshEmail('throttled'), goodPassword());
    // A right password gives its token back: these do not count.
    for (let i = 0; i < 3; i++) expect((await postForm(portal.url, '/login', victim)).status).toBe(303);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postForm(portal.url, '/login', { email: victim.email, password: 'wrong guess' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    const last = await postForm(portal.url, '/login', { email: victim.email, password: victim.password });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last.text()).toContain('Too many attempts.');
    expect(securityOf(last)).toEqual(pageSecurity);
  });
});
