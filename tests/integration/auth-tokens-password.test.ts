import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSON_TOKEN_SCOPES } from '../../src/lib/shared/scopes';
import { cookieFrom, get, goodPassword, postForm, resetLinkFor, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * API tokens around a new password: they survive a change or reset unless
 * the form asks (`revoke_tokens=on`), the pages say so, and /account/tokens
 * revokes them all at once. The token form starts with a scope preset ticked.
 * After a reset, /login fills in the address.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

async function createToken(cookie: string, name: string): Promise<string> {
  const res = await postForm(portal.url, '/account/tokens', { action: 'create', name, 'scope:account:read': 'on', expires_days: '1' }, { cookie });
  expect(res.status).toBe(201);
  return /value="(ilp_[a-z2-7]{24}\.[a-z2-7]{24})"/.exec(await res.text())![1]!;
}

// /api/me, not /api/rest: the REST fast path may honour a revoked token for up to a second (api-fast-path/token-cache.ts).
const works = async (token: string) => (await get(portal.url, '/api/me', { headers: { authorization: `Bearer ${token}` } })).status === 200;
/** The scope boxes a tokens page ticks. */
const ticked = (html: string) => [...html.matchAll(/<input type="checkbox" name="scope:([^"]+)" checked/g)].map((m) => m[1]).sort();

describe('API tokens and a new password', () => {
  it('the token form starts with the lessons preset ticked, offers read-only, and says tokens outlive a new password', async () => {
    const a = await signUpHttp(portal.url);
    const page = await (await get(portal.url, '/account/tokens', { cookie: a.cookie })).text();
    expect(ticked(page)).toEqual([...LESSON_TOKEN_SCOPES].sort());
    expect(page).toContain('Tokens keep working after you change');
    expect(page).toContain('href="/account/tokens?preset=read-only#create-title"');
    expect(ticked(await (await get(portal.url, '/account/tokens?preset=read-only', { cookie: a.cookie })).text())).toEqual(['account:read']);
    // An unknown preset is the default, never an error.
    expect(ticked(await (await get(portal.url, '/account/tokens?preset=%3Cx%3E', { cookie: a.cookie })).text())).toEqual(
      [...LESSON_TOKEN_SCOPES].sort(),
    );
  });

  it('"Revoke all tokens" revokes every live token at once', async () => {
    const a = await signUpHttp(portal.url);
    const tokens = [await createToken(a.cookie, 'one'), await createToken(a.cookie, 'two')];
    const page = await (await get(portal.url, '/account/tokens', { cookie: a.cookie })).text();
    expect(page).toContain('Revoke all tokens (2)');
    const res = await postForm(portal.url, '/account/tokens', { action: 'revoke_all' }, { cookie: a.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/tokens?revoked=2');
    for (const t of tokens) expect(await works(t)).toBe(false);
    expect(await (await get(portal.url, '/account/tokens?revoked=2', { cookie: a.cookie })).text()).toContain('2 tokens revoked');
    // A token cannot do this (account pages take the cookie only).
    const b = await signUpHttp(portal.url);
    const theirs = await createToken(b.cookie, 'kept');
    const byToken = await postForm(portal.url, '/account/tokens', { action: 'revoke_all' }, { headers: { authorization: `Bearer ${theirs}` } });
    expect(byToken.status).not.toBe(303);
    expect(await works(theirs)).toBe(true);
  });

  it('a password change keeps tokens unless asked, and says which', async () => {
    const a = await signUpHttp(portal.url);
    const token = await createToken(a.cookie, 'script');
    const form = await (await get(portal.url, '/account/password', { cookie: a.cookie })).text();
    expect(form).toContain('name="revoke_tokens"');
    expect(form).toContain('Also revoke my API token');
    const next = goodPassword();
    const kept = await postForm(portal.url, '/account/password', { current_password: a.password, new_password: next }, { cookie: a.cookie });
    expect(kept.headers.get('location')).toBe('/account/password/changed');
    expect(await works(token)).toBe(true);
    const fresh = cookieFrom(kept, 'session')!;
    expect(await (await get(portal.url, '/account/password/changed', { cookie: fresh })).text()).toContain('Your personal API tokens still work.');

    const revoked = await postForm(
      portal.url,
      '/account/password',
      { current_password: next, new_password: goodPassword(), revoke_tokens: 'on' },
      { cookie: fresh },
    );
    expect(revoked.headers.get('location')).toBe('/account/password/changed?tokens_revoked=1');
    expect(await works(token)).toBe(false);
    const notice = await (await get(portal.url, '/account/password/changed?tokens_revoked=1', { cookie: cookieFrom(revoked, 'session')! })).text();
    expect(notice).toContain('Your API token was revoked too.');
  });

  it('a reset can revoke the tokens too, and /login then fills in the address', async () => {
    const a = await signUpHttp(portal.url);
    const token = await createToken(a.cookie, 'script');
    expect((await postForm(portal.url, '/forgot-password', { email: a.email })).status).toBe(303);
    const link = await resetLinkFor(portal.dataDir, a.email);
    const opened = await get(portal.url, `/reset-password?token=${encodeURIComponent(new URL(link).searchParams.get('token')!)}`);
    const reset = cookieFrom(opened, 'reset')!;
    expect(await (await get(portal.url, '/reset-password', { cookie: reset })).text()).toContain('name="revoke_tokens"');
    const res = await postForm(portal.url, '/reset-password', { password: goodPassword(), revoke_tokens: 'on' }, { cookie: reset });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?reset=done&tokens=revoked');
    expect(await works(token)).toBe(false);
    const hint = res.headers.getSetCookie().find((c) => c.startsWith('login_hint='))!;
    expect(hint).toMatch(/Path=\/login; HttpOnly; SameSite=Lax; Max-Age=600/);
    const login = await (await get(portal.url, '/login?reset=done&tokens=revoked', { cookie: hint.split(';', 1)[0]! })).text();
    expect(login).toContain(`value="${a.email}"`);
    expect(login).toContain('Your personal API tokens were revoked too.');
    // A forged hint that is no address fills in nothing.
    expect(await (await get(portal.url, '/login', { cookie: 'login_hint=%3Cscript%3E' })).text()).not.toContain('value="<script>');
  });
});
