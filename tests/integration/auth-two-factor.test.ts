import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, get, logInHttp, postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalRows, portalValue } from '../helpers/portal-db';

/**
 * Two-factor sign-in end to end over HTTP: enrolment (QR code and manual
 * key), recovery codes shown once, the second login step, replay refusal,
 * the second-factor throttle, disabling with password + code, the secret
 * encrypted at rest, and production without SECRET_KEY failing closed.
 */

const SECRET_KEY = 'q3bLxv1Q4pJm0sN2yT8wZr6uKc5eHf7gAi9oDl3nB1M';
let portal: PortalProcess;
let prod: PortalProcess;

beforeAll(async () => {
  [portal, prod] = await Promise.all([
    startPortal({ env: { SECRET_KEY, THROTTLE_IP_FACTOR: '100' } }),
    startPortal({ env: { NODE_ENV: 'production', THROTTLE_IP_FACTOR: '100' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([portal?.stop(), prod?.stop()]);
});

const step = (offset = 0) => BigInt(Math.floor(Date.now() / 30_000) + offset);
const code = (key: Uint8Array, offset = 0) => generateHOTP(key, step(offset), 6);

/** Sign up and turn two-factor on through the pages; returns the key and the recovery codes. */
async function enrolledUser() {
  const a = await signUpHttp(portal.url);
  expect((await postForm(portal.url, '/account/two-factor', { action: 'start' }, { cookie: a.cookie })).status).toBe(303);
  const page = await (await get(portal.url, '/account/two-factor', { cookie: a.cookie })).text();
  expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
  const manual = /data-manual-key[^>]*>([A-Z2-7 ]+)</.exec(page)![1]!;
  const key = decodeBase32IgnorePadding(manual.replace(/ /g, ''));
  expect(key.length).toBe(20);
  const wrong = await postForm(
    portal.url,
    '/account/two-factor',
    { action: 'confirm', code: '000000' === code(key) ? '111111' : '000000' },
    { cookie: a.cookie },
  );
  expect(wrong.status).toBe(400);
  const confirm = await postForm(portal.url, '/account/two-factor', { action: 'confirm', code: code(key) }, { cookie: a.cookie });
  expect(confirm.status).toBe(200);
  expect(confirm.headers.get('cache-control')).toContain('no-store');
  const recovery = [...(await confirm.text()).matchAll(/<code[^>]*>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]!);
  return { ...a, key, manual, recovery };
}

/** Password step of a login with 2FA on: returns the pending cookie. */
async function passwordStep(email: string, password: string): Promise<string> {
  const res = await logInHttp(portal.url, email, password);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^\/login\/two-factor\?next=/);
  return cookieFrom(res, 'session')!;
}

describe('two-factor sign-in', () => {
  it('enrols with a QR code and key, shows 10 recovery codes once and stores the key encrypted', async () => {
    const u = await enrolledUser();
    expect(u.recovery).toHaveLength(10);
    expect(new Set(u.recovery).size).toBe(10);
    const again = await (await get(portal.url, '/account/two-factor', { cookie: u.cookie })).text();
    for (const c of u.recovery) expect(again).not.toContain(c);
    const [row] = await portalRows<{ totp_secret_enc: Buffer; totp_enabled_at: number }>(
      portal.dataDir,
      'SELECT totp_secret_enc, totp_enabled_at FROM users WHERE email = ?',
      [u.email],
    );
    expect(row!.totp_enabled_at).toBeTypeOf('number');
    const blob = Buffer.from(row!.totp_secret_enc);
    expect(blob.includes(Buffer.from(u.key))).toBe(false);
    expect(blob.toString('latin1')).not.toContain(u.manual.replace(/ /g, ''));
    expect(blob.length).toBe(1 + 12 + 20 + 16);
    const codes = await portalRows<{ code_hash: Buffer }>(
      portal.dataDir,
      'SELECT code_hash FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.email = ?',
      [u.email],
    );
    expect(codes).toHaveLength(10);
    expect(JSON.stringify(codes)).not.toContain(u.recovery[0]!.replace(/-/g, ''));
  });

  it('asks for a code after the password; the pending session is not signed in', async () => {
    const u = await enrolledUser();
    const pending = await passwordStep(u.email, u.password);
    expect((await get(portal.url, '/welcome', { cookie: pending })).status).toBe(303);
    expect((await get(portal.url, '/api/me', { cookie: pending })).status).toBe(401);
    expect((await get(portal.url, '/login/two-factor', { cookie: pending })).status).toBe(200);
    const bad = await postForm(portal.url, '/login/two-factor', { code: '12345', next: '/welcome' }, { cookie: pending });
    expect(bad.status).toBe(400);
    const ok = await postForm(portal.url, '/login/two-factor', { code: code(u.key, 1), next: '/account' }, { cookie: pending });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account');
    const full = cookieFrom(ok, 'session')!;
    expect(full).not.toBe(pending);
    expect((await get(portal.url, '/welcome', { cookie: full })).status).toBe(200);
    expect((await get(portal.url, '/login/two-factor', { cookie: pending })).status).toBe(303);
  });

  it('refuses a replayed code, even in a new login', async () => {
    const u = await enrolledUser();
    const c = code(u.key, 1);
    const first = await postForm(portal.url, '/login/two-factor', { code: c }, { cookie: await passwordStep(u.email, u.password) });
    expect(first.status).toBe(303);
    const replay = await postForm(portal.url, '/login/two-factor', { code: c }, { cookie: await passwordStep(u.email, u.password) });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
    // The code enrolment was confirmed with (step 0) is spent too: an older one is refused.
    const older = await postForm(portal.url, '/login/two-factor', { code: code(u.key, 0) }, { cookie: await passwordStep(u.email, u.password) });
    expect(older.status).toBe(400);
  });

  it('accepts each recovery code once', async () => {
    const u = await enrolledUser();
    const rc = u.recovery[3]!;
    const ok = await postForm(portal.url, '/login/two-factor', { code: rc.toUpperCase() }, { cookie: await passwordStep(u.email, u.password) });
    expect(ok.status).toBe(303);
    const again = await postForm(portal.url, '/login/two-factor', { code: rc }, { cookie: await passwordStep(u.email, u.password) });
    expect(again.status).toBe(400);
  });

  it('throttles second-factor guesses per account with 429 and Retry-After', async () => {
    const u = await enrolledUser();
    const pending = await passwordStep(u.email, u.password);
    const wrong = code(u.key, 5);
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await postForm(portal.url, '/login/two-factor', { code: wrong }, { cookie: pending });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right code waits now.
    const right = await postForm(portal.url, '/login/two-factor', { code: code(u.key, 1) }, { cookie: pending });
    expect(right.status).toBe(429);
  });

  it('charges the 2FA bucket for wrong codes only: a typo at setup plus six good sign-ins still leave four guesses', async () => {
    // enrolledUser() sends one wrong code and then the right one: 1 of the 5 tokens used.
    const u = await enrolledUser();
    for (const rc of u.recovery.slice(0, 6)) {
      const ok = await postForm(portal.url, '/login/two-factor', { code: rc }, { cookie: await passwordStep(u.email, u.password) });
      expect(ok.status).toBe(303);
    }
    const pending = await passwordStep(u.email, u.password);
    const wrong = code(u.key, 5);
    for (let i = 0; i < 4; i++) expect((await postForm(portal.url, '/login/two-factor', { code: wrong }, { cookie: pending })).status).toBe(400);
    const blocked = await postForm(portal.url, '/login/two-factor', { code: wrong }, { cookie: pending });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('turns off only with the password and a valid code', async () => {
    const u = await enrolledUser();
    const noPw = await postForm(
      portal.url,
      '/account/two-factor',
      { action: 'disable', current_password: 'not it at all', code: code(u.key, 1) },
      { cookie: u.cookie },
    );
    expect(noPw.status).toBe(400);
    const noCode = await postForm(
      portal.url,
      '/account/two-factor',
      { action: 'disable', current_password: u.password, code: '000000' === code(u.key, 1) ? '111111' : '000000' },
      { cookie: u.cookie },
    );
    expect(noCode.status).toBe(400);
    expect(await portalValue(portal.dataDir, 'SELECT totp_enabled_at FROM users WHERE email = ?', [u.email])).not.toBeNull();
    const ok = await postForm(
      portal.url,
      '/account/two-factor',
      { action: 'disable', current_password: u.password, code: code(u.key, 1) },
      { cookie: u.cookie },
    );
    expect(ok.status).toBe(303);
    const [row] = await portalRows(portal.dataDir, 'SELECT totp_enabled_at, totp_secret_enc FROM users WHERE email = ?', [u.email]);
    expect(row).toEqual({ totp_enabled_at: null, totp_secret_enc: null });
    const login = await logInHttp(portal.url, u.email, u.password);
    expect(login.headers.get('location')).toBe('/welcome');
  });

  it('suggests two-factor on /welcome only where it can be turned on', async () => {
    const withKey = await signUpHttp(portal.url);
    expect(await (await get(portal.url, '/welcome', { cookie: withKey.cookie })).text()).toContain('href="/account/two-factor"');
    const withoutKey = await signUpHttp(prod.url);
    const page = await get(prod.url, '/welcome', { cookie: withoutKey.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Signed in');
    expect(html).not.toContain('href="/account/two-factor"');
  });

  it('fails closed in production without SECRET_KEY: enrolment is refused with a clear message', async () => {
    const a = await signUpHttp(prod.url);
    const page = await (await get(prod.url, '/account/two-factor', { cookie: a.cookie })).text();
    expect(page).toContain('SECRET_KEY');
    const res = await postForm(prod.url, '/account/two-factor', { action: 'start' }, { cookie: a.cookie });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('SECRET_KEY');
    // The development mailbox does not exist in production.
    expect((await get(prod.url, '/dev/mail')).status).toBe(404);
  });
});
