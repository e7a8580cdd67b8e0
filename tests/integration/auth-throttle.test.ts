import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts';
import { freshEmail, goodPassword, logInHttp, postForm } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * Property 10: throttles per account and per IP on login, signup and reset
 * requests (2FA is in auth-two-factor.test.ts), answering 429 with
 * Retry-After; X-Forwarded-For counts only with TRUST_PROXY; buckets live in
 * SQLite, so two web processes on one database share them.
 */

let proxied: PortalProcess; // TRUST_PROXY=1: each test picks its own client address
let direct: PortalProcess; // no TRUST_PROXY: X-Forwarded-For must be ignored
let n = 0;
const ip = () => `203.0.113.${++n}`;
const from = (addr: string) => ({ headers: { 'x-forwarded-for': addr } });

beforeAll(async () => {
  [proxied, direct] = await Promise.all([startPortal({ env: { TRUST_PROXY: '1' } }), startPortal()]);
});
afterAll(async () => {
  await Promise.all([proxied?.stop(), direct?.stop()]);
});

/** Run `n` requests at once (the buckets are transactional, so exactly `capacity` of them get through). */
async function statuses(n: number, send: () => Promise<Response>): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => send().then((r) => r.status)));
}

function expect429(res: Response) {
  expect(res.status).toBe(429);
  const retry = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retry) && retry > 0).toBe(true);
}

describe('property 10: throttling', () => {
  it('login, per account: 10 tries, then 429 with Retry-After even with the right password, from any address', async () => {
    const acct = await createAccount(proxied.dataDir);
    for (let i = 0; i < 10; i++) expect((await logInHttp(proxied.url, acct.email, 'wrong guess number x', from(ip()))).status).toBe(400);
    const blocked = await logInHttp(proxied.url, acct.email, acct.password, from(ip()));
    expect429(blocked);
    expect(await blocked.text()).toContain('Too many attempts');
    // Another account from the same address is unaffected.
    const other = await createAccount(proxied.dataDir);
    expect((await logInHttp(proxied.url, other.email, other.password, from(ip()))).status).toBe(303);
  });

  it('login, per IP: 30 tries from one address, then 429; other addresses still get in', async () => {
    const addr = ip();
    expect(await statuses(30, () => logInHttp(proxied.url, freshEmail(), 'some password x', from(addr)))).toEqual(Array(30).fill(400));
    expect429(await logInHttp(proxied.url, freshEmail(), 'some password x', from(addr)));
    const acct = await createAccount(proxied.dataDir);
    expect((await logInHttp(proxied.url, acct.email, acct.password, from(ip()))).status).toBe(303);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so rotating it does not reset the per-IP bucket', async () => {
    expect(await statuses(30, () => logInHttp(direct.url, freshEmail(), 'some password x', from(ip())))).toEqual(Array(30).fill(400));
    expect429(await logInHttp(direct.url, freshEmail(), 'some password x', from(ip())));
  });

  it('signup: 3 per email and 10 per address', async () => {
    const email = freshEmail();
    for (let i = 0; i < 3; i++) expect((await postForm(proxied.url, '/signup', { email, password: goodPassword() }, from(ip()))).status).toBe(303);
    expect429(await postForm(proxied.url, '/signup', { email, password: goodPassword() }, from(ip())));
    const addr = ip();
    expect(await statuses(10, () => postForm(proxied.url, '/signup', { email: freshEmail(), password: goodPassword() }, from(addr)))).toEqual(Array(10).fill(303));
    expect429(await postForm(proxied.url, '/signup', { email: freshEmail(), password: goodPassword() }, from(addr)));
  });

  it('signup: password-rule mistakes do not spend the per-email tries, so the fixed form still gets through', async () => {
    const email = freshEmail();
    const addr = ip();
    // Too short, common, too long, empty, the email itself, again too short: each a 400 with its field error.
    for (const password of ['short', 'password1', 'x'.repeat(257), '', email, 'tiny']) {
      const res = await postForm(proxied.url, '/signup', { email, password }, from(addr));
      expect(res.status, password.slice(0, 12)).toBe(400);
      const html = await res.text();
      expect(html).toContain('Please correct the marked field.');
      expect(html).toContain('id="f-password-error"');
    }
    const ok = await postForm(proxied.url, '/signup', { email, password: goodPassword() }, from(addr));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/welcome');
    // The invalid attempts still counted per address: 6 + 1 of its 10, so 3 more and then 429.
    expect(await statuses(3, () => postForm(proxied.url, '/signup', { email: freshEmail(), password: 'short' }, from(addr)))).toEqual([400, 400, 400]);
    expect429(await postForm(proxied.url, '/signup', { email: freshEmail(), password: 'short' }, from(addr)));
  });

  it('reset request: 3 per email (known or not, alike) and 10 per address', async () => {
    const acct = await createAccount(proxied.dataDir);
    for (const email of [acct.email, freshEmail()]) {
      for (let i = 0; i < 3; i++) expect((await postForm(proxied.url, '/forgot-password', { email }, from(ip()))).status).toBe(303);
      expect429(await postForm(proxied.url, '/forgot-password', { email }, from(ip())));
    }
    const addr = ip();
    expect(await statuses(10, () => postForm(proxied.url, '/forgot-password', { email: freshEmail() }, from(addr)))).toEqual(Array(10).fill(303));
    expect429(await postForm(proxied.url, '/forgot-password', { email: freshEmail() }, from(addr)));
  });

  it('shares buckets between web processes on the same database', async () => {
    const second = await proxied.startWeb();
    const acct = await createAccount(proxied.dataDir);
    for (let i = 0; i < 10; i++) {
      const base = i % 2 === 0 ? proxied.url : second.url;
      expect((await logInHttp(base, acct.email, 'wrong guess number y', from(ip()))).status).toBe(400);
    }
    expect429(await logInHttp(second.url, acct.email, acct.password, from(ip())));
    expect429(await logInHttp(proxied.url, acct.email, acct.password, from(ip())));
  });
});
