import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, get, goodPassword, logInHttp, postForm, resetLinkFor, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * The logs record sign-in success and failure, resets and token
 * use, and never a password, a session token, a reset token or an API token
 * (nor a password typed into the email field).
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

interface LogLine {
  msg: string;
  mod?: string;
  event?: string;
  [k: string]: unknown;
}

function authEvents(): LogLine[] {
  return portal
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.mod === 'auth');
}

async function waitForEvent(event: string): Promise<void> {
  for (let i = 0; i < 100 && !authEvents().some((e) => e.event === event); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('auth logs record what happened and never a secret', () => {
  it('records the events and leaks no secret', async () => {
    const secrets: string[] = [];
    const a = await signUpHttp(portal.url);
    secrets.push(a.password, a.cookie.split('=')[1]!);

    const wrong = 'my wrong password attempt 1';
    secrets.push(wrong);
    expect((await logInHttp(portal.url, a.email, wrong)).status).toBe(400);
    // Someone typed their password into the email field.
    const typedInEmail = 'Sup3r secret typed in email';
    secrets.push(typedInEmail);
    expect((await logInHttp(portal.url, typedInEmail, 'whatever password 2')).status).toBe(400);

    const login = await logInHttp(portal.url, a.email, a.password);
    const session = cookieFrom(login, 'session')!;
    secrets.push(session.split('=')[1]!);

    // A personal token, created and used.
    const created = await postForm(
      portal.url,
      '/account/tokens',
      { action: 'create', name: 'log test', 'scope:account:read': 'on', expires_days: '7' },
      { cookie: session },
    );
    expect(created.status).toBe(201);
    const token = /value="(ilp_[a-z2-7]{24}\.[a-z2-7]{24})"/.exec(await created.text())![1]!;
    secrets.push(token, token.split('.')[1]!);
    expect((await get(portal.url, '/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(
      (await get(portal.url, '/api/me', { headers: { authorization: `Bearer ${token.slice(0, -2)}${token.endsWith('zz') ? 'aa' : 'zz'}` } })).status,
    ).toBe(401);

    // Two-factor: enrol and verify with a code.
    await postForm(portal.url, '/account/two-factor', { action: 'start' }, { cookie: session });
    const page = await (await get(portal.url, '/account/two-factor', { cookie: session })).text();
    const key = decodeBase32IgnorePadding(/data-manual-key[^>]*>([A-Z2-7 ]+)</.exec(page)![1]!.replace(/ /g, ''));
    const code = generateTOTP(key, 30, 6);
    secrets.push(code);
    const enabled = await postForm(portal.url, '/account/two-factor', { action: 'confirm', code }, { cookie: session });
    expect(enabled.status).toBe(200);
    const recovery = [...(await enabled.text()).matchAll(/<code[^>]*>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]!);
    expect(recovery).toHaveLength(10);
    secrets.push(...recovery);

    // Reset: request, follow, set a new password.
    expect((await postForm(portal.url, '/forgot-password', { email: a.email })).status).toBe(303);
    const link = await resetLinkFor(portal.dataDir, a.email);
    const resetToken = new URL(link).searchParams.get('token')!;
    secrets.push(resetToken, resetToken.split('.')[1]!);
    const opened = await get(portal.url, `/reset-password?token=${resetToken}`);
    const next = goodPassword();
    secrets.push(next);
    expect((await postForm(portal.url, '/reset-password', { password: next }, { cookie: cookieFrom(opened, 'reset') })).status).toBe(303);
    await waitForEvent('reset.completed');

    const events = authEvents().map((e) => e.event);
    for (const e of [
      'signup',
      'login.success',
      'login.failure',
      'token.created',
      'token.used',
      'token.rejected',
      'twofactor.enabled',
      'reset.requested',
      'reset.completed',
    ]) {
      expect(events, e).toContain(e);
    }
    const success = authEvents().find((e) => e.event === 'login.success')!;
    expect(success.user_id).toBeTypeOf('number');
    expect(success.ip).toBe('127.0.0.1');

    const output = portal.output();
    for (const s of secrets) expect(output.includes(s), `log contains a secret (${s.slice(0, 4)}...)`).toBe(false);
    // Not even the lookup half of a credential: ids appear shortened to 8 characters at most.
    const sessionId = session.split('=')[1]!.split('.')[0]!;
    expect(output).not.toContain(sessionId);
    expect(output).not.toContain(token.slice(4, 28));
  });
});
