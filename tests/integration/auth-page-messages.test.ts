import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * What the sign-in pages say around the edges: the neutral notice after a
 * sign-up with a taken address, one date format on /welcome and /account,
 * where mail went when there is no SMTP server, and /logout when there is
 * nothing to log out of.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const AFTER_SIGNUP = 'If you just signed up with an address that already has an account, we have emailed that address';

describe('sign-in page messages', () => {
  it('after a sign-up with a taken address, /login explains without saying whether the address is taken', async () => {
    const a = await signUpHttp(portal.url);
    const taken = await postForm(portal.url, '/signup', { email: a.email, password: 'violet lantern taken harbour' });
    expect(taken.status).toBe(303);
    expect(taken.headers.get('location')).toBe('/welcome');
    const welcome = await get(portal.url, '/welcome');
    expect(welcome.headers.get('location')).toBe('/login?next=%2Fwelcome');
    const login = await (await get(portal.url, '/login?next=%2Fwelcome')).text();
    expect(login).toContain(AFTER_SIGNUP);
    expect(login).not.toContain(a.email);
    // Only for that exact target: a plain /login or another gated page says nothing of the kind.
    expect(await (await get(portal.url, '/login')).text()).not.toContain(AFTER_SIGNUP);
    expect(await (await get(portal.url, '/login?next=%2Faccount')).text()).not.toContain(AFTER_SIGNUP);
  });

  it('shows dates on /welcome the way /account does', async () => {
    const a = await signUpHttp(portal.url);
    const welcome = await (await get(portal.url, '/welcome', { cookie: a.cookie })).text();
    const account = await (await get(portal.url, '/account', { cookie: a.cookie })).text();
    const format = /<time datetime="[^"]+">(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)<\/time>/g;
    const welcomeDates = [...welcome.matchAll(format)].map((m) => m[1]);
    expect(welcomeDates).toHaveLength(2);
    expect([...account.matchAll(format)].map((m) => m[1])).toContain(welcomeDates[0]);
    expect(welcome).not.toMatch(/\d{2}:\d{2}:\d{2} GMT/);
    // "Last active" says what it is: "now" for this browser, and that others are kept to the hour.
    expect(account).toMatch(/<td data-label="Last active"[^>]*>now<\/td>/);
    expect(account).toContain('written at most once an hour');
    expect(account).not.toContain('Last seen');
    // "Signed in" once (the badge), and the way to the tour.
    expect(welcome.match(/Signed in/g)).toHaveLength(1);
    expect(welcome).toMatch(/<a href="\/lessons\/notebook-tour"[^>]*>the 5-minute tour<\/a>/);
  });

  it('after "forgot password" without SMTP, says where the mail went (the same page for any address)', async () => {
    const a = await signUpHttp(portal.url);
    const pages: string[] = [];
    for (const email of [a.email, 'nobody-here@example.test']) {
      const res = await postForm(portal.url, '/forgot-password', { email });
      expect(res.status).toBe(303);
      pages.push(await (await get(portal.url, res.headers.get('location')!)).text());
    }
    expect(pages[0]).toBe(pages[1]);
    expect(pages[0]).toContain('This portal sends no mail');
    expect(pages[0]).toContain('href="/dev/mail"');
    expect(pages[0]).not.toContain('spam folder');
    // In production /dev/mail is off: the page points to the operator's commands instead.
    const prod = await startPortal({ env: { NODE_ENV: 'production', THROTTLE_IP_FACTOR: '100' } });
    try {
      const sent = await (await get(prod.url, '/forgot-password/sent')).text();
      expect(sent).toContain('npm run mail:list');
      expect(sent).not.toContain('href="/dev/mail"');
      // Without SECRET_KEY the first sign-up (its /welcome asks whether two-factor is possible) logs no error:
      // the start-up warning said it already. And /account/two-factor speaks to a learner, not an operator.
      const b = await signUpHttp(prod.url);
      expect((await get(prod.url, '/welcome', { cookie: b.cookie })).status).toBe(200);
      const twoFactor = await (await get(prod.url, '/account/two-factor', { cookie: b.cookie })).text();
      expect(twoFactor).toContain('whoever runs it has to give it a secret key');
      expect(twoFactor).not.toContain('README');
      expect(
        prod
          .output()
          .split('\n')
          .filter((l) => l.includes('"level":"error"')),
      ).toEqual([]);
    } finally {
      await prod.stop();
    }
  });

  it('/logout says "not signed in" with a link to /login when there is no session, and offers the button when there is', async () => {
    const anonymous = await get(portal.url, '/logout');
    expect(anonymous.status).toBe(200);
    const html = await anonymous.text();
    expect(html).toContain('You are not signed in.');
    expect(html).toMatch(/<a href="\/login">/);
    expect(html).not.toContain('action="/logout"');
    const a = await signUpHttp(portal.url);
    const signedIn = await (await get(portal.url, '/logout', { cookie: a.cookie })).text();
    expect(signedIn).toContain(`You are signed in as ${a.email}.`);
    expect(signedIn).toMatch(/<form method="post" action="\/logout"[^>]*>\s*<button type="submit"[^>]*>Log out<\/button>/);
  });
});
