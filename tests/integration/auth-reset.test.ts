import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, get, goodPassword, logInHttp, postForm, readMails, resetLinkFor, setCookieHeader, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalExec, portalRows, portalValue } from '../helpers/portal-db';

/**
 * Reset tokens (>= 128 bits, hashed, 15 minutes, single use, a
 * new request kills the old one, the new password ends every session without
 * logging in) and the reset mail (text + HTML, link from PUBLIC_ORIGIN, never
 * from the Host header; the token leaves the URL at once).
 */

let portal: PortalProcess;
const ORIGIN = 'http://lab.example.test:8080';

beforeAll(async () => {
  portal = await startPortal({ env: { PUBLIC_ORIGIN: ORIGIN, THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const requestReset = (email: string) => postForm(portal.url, '/forgot-password', { email });
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const mailCount = (email: string) => readMails(portal.dataDir).filter((m) => m.to.includes(email) && /reset/i.test(m.subject)).length;

/** Follow an emailed link the way a browser does: the link sets the cookie and redirects to the clean URL. */
async function openLink(link: string): Promise<{ res: Response; cookie: string | null }> {
  const res = await get(portal.url, `/reset-password?token=${encodeURIComponent(tokenOf(link))}`);
  const cookie = cookieFrom(res, 'reset');
  // A refused link answers with a clearing `reset=` cookie: no usable cookie.
  return { res, cookie: cookie === 'reset=' ? null : cookie };
}

async function freshLink(email: string): Promise<string> {
  const before = mailCount(email);
  expect((await requestReset(email)).status).toBe(303);
  return resetLinkFor(portal.dataDir, email, before);
}

describe('reset tokens are strong, hashed, short-lived and single-use', () => {
  it('mails a text + HTML message whose link uses PUBLIC_ORIGIN, never the Host header', async () => {
    const a = await signUpHttp(portal.url);
    // A raw request with a forged Host: the link must still point at PUBLIC_ORIGIN.
    await new Promise<void>((resolve, reject) => {
      const body = new URLSearchParams({ email: a.email }).toString();
      const req = http.request(
        `${portal.url}/forgot-password`,
        {
          method: 'POST',
          headers: {
            host: 'evil.example',
            origin: 'http://evil.example',
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          expect(res.statusCode).toBe(303);
          res.resume().on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const link = await resetLinkFor(portal.dataDir, a.email);
    expect(link.startsWith(`${ORIGIN}/reset-password?token=`)).toBe(true);
    const mail = readMails(portal.dataDir).find((m) => m.to.includes(a.email))!;
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.raw).not.toContain('evil.example');
  });

  it('lists the mail at /dev/mail outside production; a message opens as a page with its headers and a clickable link, and as raw .eml', async () => {
    const a = await signUpHttp(portal.url);
    const link = await freshLink(a.email);
    const page = await (await get(portal.url, '/dev/mail')).text();
    expect(page).toContain(a.email);
    const href = new RegExp(`href="(/dev/mail/[^"]+\\.eml)"[^>]*>Reset your Interview Lab password`).exec(page)?.[1];
    expect(href).toBeDefined();
    const view = await get(portal.url, href!);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await view.text();
    expect(html).toMatch(new RegExp(`data-mail-header="to"[^>]*>${a.email.replace(/[.]/g, '\\.')}<`));
    expect(html).toMatch(/data-mail-header="from"[^>]*>Interview Lab &lt;/);
    expect(html).toMatch(/data-mail-header="subject"[^>]*>Reset your Interview Lab password</);
    expect(html).toMatch(/data-mail-header="date"[^>]*>\w{3}, \d{1,2} \w{3} \d{4} /);
    // The decoded text part: the whole link as one anchor (no soft line breaks, no =3D).
    const anchor = /<a href="([^"]+)" rel="noreferrer noopener"[^>]*>([^<]+)<\/a>/.exec(html);
    expect(anchor?.[1]?.replace(/&amp;/g, '&')).toBe(link);
    expect(html).not.toContain('=3D');
    const rawHref = /href="(\/dev\/mail\/raw\/[^"]+\.eml)"/.exec(html)?.[1];
    expect(rawHref).toBe(href!.replace('/dev/mail/', '/dev/mail/raw/'));
    const raw = await get(portal.url, rawHref!);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await raw.text()).toMatch(/^Subject: Reset your Interview Lab password/m);
    expect((await get(portal.url, '/dev/mail/2026-01-01T00-00-00-000Z-00000000.eml')).status).toBe(404);
  });

  it('serves /dev/mail only to loopback clients', async () => {
    // Behind a trusted proxy the client's address is the forwarded one, so a remote caller can be played.
    const proxied = await startPortal({ env: { TRUST_PROXY: '1', THROTTLE_IP_FACTOR: '100' } });
    try {
      const a = await signUpHttp(proxied.url);
      expect((await postForm(proxied.url, '/forgot-password', { email: a.email })).status).toBe(303);
      await resetLinkFor(proxied.dataDir, a.email);
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      const list = await get(proxied.url, '/dev/mail', from('127.0.0.1'));
      expect(list.status).toBe(200);
      const href = /href="(\/dev\/mail\/[^"]+\.eml)"/.exec(await list.text())?.[1];
      expect(href).toBeDefined();
      for (const ip of ['::1', '::ffff:127.0.0.1']) expect((await get(proxied.url, href!, from(ip))).status).toBe(200);
      for (const path of ['/dev/mail', href!, href!.replace('/dev/mail/', '/dev/mail/raw/')]) {
        for (const ip of ['203.0.113.9', '192.168.1.20', '::ffff:10.0.0.1']) {
          const res = await get(proxied.url, path, from(ip));
          expect(res.status, `${path} from ${ip}`).toBe(404);
          expect(await res.text()).not.toContain(a.email);
        }
      }
    } finally {
      await proxied.stop();
    }
  });

  it('carries >= 128 random bits, of which only the SHA-256 is stored, for 15 minutes', async () => {
    const a = await signUpHttp(portal.url);
    const token = tokenOf(await freshLink(a.email));
    const m = /^([a-z2-7]{24})\.([a-z2-7]{24})$/.exec(token);
    expect(m).not.toBeNull();
    expect(m![2]!.length * 5).toBeGreaterThanOrEqual(120);
    expect((m![1]!.length + m![2]!.length) * 5).toBeGreaterThanOrEqual(128);
    const [row] = await portalRows<{ secret_hash: Buffer; created_at: number; expires_at: number }>(
      portal.dataDir,
      'SELECT * FROM password_resets WHERE id = ?',
      [m![1]],
    );
    expect(Buffer.from(row!.secret_hash)).toEqual(createHash('sha256').update(m![2]!).digest());
    expect(JSON.stringify(await portalRows(portal.dataDir, 'SELECT * FROM password_resets'))).not.toContain(m![2]!);
    expect(row!.expires_at - row!.created_at).toBe(15 * 60 * 1000);
  });

  it('swaps the link token for a short-lived HttpOnly cookie and a clean URL, with no-referrer', async () => {
    const a = await signUpHttp(portal.url);
    const { res, cookie } = await openLink(await freshLink(a.email));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/reset-password');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const header = setCookieHeader(res, 'reset')!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    const maxAge = Number(/Max-Age=(\d+)/.exec(header)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(900);
    const page = await get(portal.url, '/reset-password', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(a.email);
  });

  it('expires after 15 minutes', async () => {
    const a = await signUpHttp(portal.url);
    const link = await freshLink(a.email);
    const { cookie } = await openLink(link);
    await portalExec(portal.dataDir, 'UPDATE password_resets SET expires_at = ? WHERE id = ?', [Date.now() - 1, tokenOf(link).split('.')[0]]);
    const res = await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invalid, already used or expired');
    expect((await openLink(link)).cookie).toBeNull();
  });

  it('works once only', async () => {
    const a = await signUpHttp(portal.url);
    const link = await freshLink(a.email);
    const { cookie } = await openLink(link);
    expect((await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie })).status).toBe(303);
    const again = await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie });
    expect(again.status).toBe(400);
    expect((await openLink(link)).cookie).toBeNull();
  });

  it('a new request kills the older token', async () => {
    const a = await signUpHttp(portal.url);
    const first = await freshLink(a.email);
    const second = await freshLink(a.email);
    expect(first).not.toBe(second);
    const old = await openLink(first);
    expect(old.cookie).toBeNull();
    const stale = await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie: `reset=${tokenOf(first)}` });
    expect(stale.status).toBe(400);
    const { cookie } = await openLink(second);
    expect((await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie })).status).toBe(303);
  });

  it('setting the password ends every session and does not log in', async () => {
    const a = await signUpHttp(portal.url);
    const second = cookieFrom(await logInHttp(portal.url, a.email, a.password), 'session')!;
    const { cookie } = await openLink(await freshLink(a.email));
    const next = goodPassword();
    const res = await postForm(portal.url, '/reset-password', { password: next }, { cookie: `${cookie}; ${a.cookie}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('session=') && !/Max-Age=0/.test(c))).toEqual([]);
    for (const c of [a.cookie, second]) expect((await get(portal.url, '/welcome', { cookie: c })).status).toBe(303);
    expect(await portalValue(portal.dataDir, 'SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?', [a.email])).toBe(
      0,
    );
    expect((await logInHttp(portal.url, a.email, a.password)).status).toBe(400);
    expect((await logInHttp(portal.url, a.email, next)).status).toBe(303);
  });

  it('applies the password rules to the new password and keeps the link usable', async () => {
    const a = await signUpHttp(portal.url);
    const { cookie } = await openLink(await freshLink(a.email));
    const weak = await postForm(portal.url, '/reset-password', { password: 'password' }, { cookie });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('most common passwords');
    expect((await postForm(portal.url, '/reset-password', { password: goodPassword() }, { cookie })).status).toBe(303);
  });
});
