import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts';
import { cookieFrom, freshEmail, goodPassword, logInHttp, postForm } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * Throttles per account and per IP on login, signup and reset
 * requests (2FA is in auth-two-factor.test.ts), answering 429 with
 * Retry-After; X-Forwarded-For counts only with TRUST_PROXY; buckets live in
 * SQLite, so two web processes on one database share them. A browser that
 * signed in to an account before (device cookie) draws from its own bucket,
 * so a stranger emptying the account's bucket cannot lock the owner out; the
 * last attempts before a 429 say so, alike for known and unknown accounts.
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

describe('sign-in, sign-up and reset are throttled per account and per address', () => {
  it('login, per account: 10 wrong tries, then 429 with Retry-After even with the right password, from any unknown browser', async () => {
    const acct = await createAccount(proxied.dataDir);
    for (let i = 0; i < 10; i++) expect((await logInHttp(proxied.url, acct.email, 'wrong guess number x', from(ip()))).status).toBe(400);
    const blocked = await logInHttp(proxied.url, acct.email, acct.password, from(ip()));
    expect429(blocked);
    expect(await blocked.text()).toContain('Too many attempts');
    // Another account from the same address is unaffected.
    const other = await createAccount(proxied.dataDir);
    expect((await logInHttp(proxied.url, other.email, other.password, from(ip()))).status).toBe(303);
  });

  it('login, device cookies: an attacker draining the account bucket does not lock the owner out of a browser that signed in before', async () => {
    const owner = await createAccount(proxied.dataDir);
    const first = await logInHttp(proxied.url, owner.email, owner.password, from(ip()));
    expect(first.status).toBe(303);
    const device = cookieFrom(first, 'device');
    expect(device).toMatch(/^device=[a-z2-7]{24}\.[a-z2-7]{24}$/);
    expect(first.headers.getSetCookie().find((c) => c.startsWith('device='))).toMatch(/HttpOnly; SameSite=Lax/);

    // The attacker, from many addresses and without the owner's device cookie, empties the account's bucket.
    expect(await statuses(10, () => logInHttp(proxied.url, owner.email, 'attacker guess x', from(ip())))).toEqual(Array(10).fill(400));
    expect429(await logInHttp(proxied.url, owner.email, owner.password, from(ip())));

    // The owner's browser still gets in with the right password, and keeps its device cookie.
    const again = await logInHttp(proxied.url, owner.email, owner.password, { cookie: device!, headers: from(ip()).headers });
    expect(again.status).toBe(303);
    expect(cookieFrom(again, 'device')).toBe(device);

    // The exemption is bound to the account: a device cookie of the attacker's own
    // account, or a forged one, does not open the owner's bucket.
    const attacker = await createAccount(proxied.dataDir);
    const attackerDevice = cookieFrom(await logInHttp(proxied.url, attacker.email, attacker.password, from(ip())), 'device');
    expect(attackerDevice).not.toBeNull();
    expect429(await logInHttp(proxied.url, owner.email, 'attacker guess y', { cookie: attackerDevice!, headers: from(ip()).headers }));
    const forged = `${device!.slice(0, -5)}aaaaa`;
    expect429(await logInHttp(proxied.url, owner.email, 'attacker guess z', { cookie: forged, headers: from(ip()).headers }));

    // A known device is throttled too, by its own bucket: a stolen cookie buys no unlimited guessing.
    expect(
      await statuses(10, () => logInHttp(proxied.url, owner.email, 'wrong on my own laptop', { cookie: device!, headers: from(ip()).headers })),
    ).toEqual(Array(10).fill(400));
    expect429(await logInHttp(proxied.url, owner.email, owner.password, { cookie: device!, headers: from(ip()).headers }));
  });

  it('login: the last two tries before the pause are announced, in the same words for an account and for no account', async () => {
    const acct = await createAccount(proxied.dataDir);
    const nobody = freshEmail('nobody');
    const pages: Record<string, string[]> = { known: [], unknown: [] };
    for (const [who, email] of [
      ['known', acct.email],
      ['unknown', nobody],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const res = await logInHttp(proxied.url, email, 'wrong guess number z', from(ip()));
        expect(res.status).toBe(400);
        pages[who]!.push((await res.text()).replaceAll(email, 'EMAIL'));
      }
      expect429(await logInHttp(proxied.url, email, 'wrong guess number z', from(ip())));
    }
    expect(pages.unknown).toEqual(pages.known);
    const known = pages.known!;
    for (const page of known.slice(0, 7)) expect(page).not.toMatch(/more tr(y|ies)|last try/);
    expect(known[7]).toContain('Email or password is incorrect. 2 more tries, then sign-in pauses for a few minutes.');
    expect(known[8]).toContain('Email or password is incorrect. 1 more try, then sign-in pauses for a few minutes.');
    expect(known[9]).toContain('That was the last try for now: wait 3 minutes before the next one.');
  });

  it('login: a right password gives its token back, so only wrong ones use up the buckets', async () => {
    const acct = await createAccount(proxied.dataDir);
    const addr = ip();
    for (let i = 0; i < 12; i++) expect((await logInHttp(proxied.url, acct.email, acct.password, from(addr))).status).toBe(303);
    expect(await statuses(10, () => logInHttp(proxied.url, acct.email, 'wrong guess number w', from(ip())))).toEqual(Array(10).fill(400));
    expect429(await logInHttp(proxied.url, acct.email, acct.password, from(ip())));
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
    expect(await statuses(10, () => postForm(proxied.url, '/signup', { email: freshEmail(), password: goodPassword() }, from(addr)))).toEqual(
      Array(10).fill(303),
    );
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
    expect(await statuses(3, () => postForm(proxied.url, '/signup', { email: freshEmail(), password: 'short' }, from(addr)))).toEqual([
      400, 400, 400,
    ]);
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
