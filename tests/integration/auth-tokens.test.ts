import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../src/lib/shared/scopes';
import { createAccount } from '../helpers/accounts';
import { get, postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * Personal API tokens through /account/tokens (create with name, scopes and
 * expiry, secret shown once, list with last use, revoke) and the read-only
 * account API (`/api/me`, `/api/me/sessions`, `/api/me/tokens`) for tokens
 * with `account:read`; account pages never accept a token.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const run = promisify(execFile);

/** The page's example command, as a shell would receive it after copy and paste. */
function exampleCommand(html: string): string | undefined {
  const code = /<pre data-token-example[^>]*><code[^>]*>([^<]*)<\/code><\/pre>/.exec(html)?.[1];
  return code
    ?.replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function createToken(cookie: string, fields: Record<string, string>) {
  const res = await postForm(portal.url, '/account/tokens', { action: 'create', ...fields }, { cookie });
  const html = await res.text();
  return { res, html, token: /value="(ilp_[a-z2-7]{24}\.[a-z2-7]{24})"/.exec(html)?.[1] };
}

describe('personal API tokens', () => {
  it('creates a named, scoped, expiring token, shows it once and lists it with its last use', async () => {
    const a = await signUpHttp(portal.url);
    const { res, token } = await createToken(a.cookie, { name: 'my script', 'scope:account:read': 'on', 'scope:rest': 'on', expires_days: '7' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(token).toBeDefined();

    const me = await get(portal.url, '/api/me', bearer(token!));
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string }; via: { kind: string; scopes: string[]; expiresAt: string } };
    expect(body.user.email).toBe(a.email);
    expect(body.via.kind).toBe('token');
    expect(body.via.scopes.sort()).toEqual(['account:read', 'rest']);
    const days = (Date.parse(body.via.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const list = await (await get(portal.url, '/account/tokens', { cookie: a.cookie })).text();
    expect(list).toContain('my script');
    expect(list).not.toContain(token!);
    expect(list).not.toContain(token!.split('.')[1]!);
    expect(list).not.toMatch(/<td>never<\/td>/);

    const tokens = (await (await get(portal.url, '/api/me/tokens', bearer(token!))).json()) as {
      tokens: { name: string; lastUsedAt: string | null }[];
    };
    expect(tokens.tokens).toHaveLength(1);
    expect(tokens.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(tokens)).not.toContain(token!.split('.')[1]!);
  });

  it('lists the sessions for account:read tokens, and refuses tokens without the scope (403)', async () => {
    const a = await signUpHttp(portal.url);
    const { token } = await createToken(a.cookie, { name: 'reader', 'scope:account:read': 'on', expires_days: '1' });
    const sessions = (await (await get(portal.url, '/api/me/sessions', bearer(token!))).json()) as {
      sessions: { device: string; ip: string; current: boolean }[];
    };
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.sessions[0]).toMatchObject({ ip: '127.0.0.1', current: false });
    expect(JSON.stringify(sessions)).not.toContain(a.cookie.split('.')[1]!);

    const { token: restOnly } = await createToken(a.cookie, { name: 'rest only', 'scope:rest': 'on', expires_days: '1' });
    for (const p of ['/api/me', '/api/me/sessions', '/api/me/tokens']) {
      const res = await get(portal.url, p, bearer(restOnly!));
      expect(res.status, p).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    }
  });

  it('suggests a curl command that works with the scopes the token has, for every scope', async () => {
    const a = await signUpHttp(portal.url);
    await Promise.all(
      ALL_SCOPES.map(async (scope) => {
        const { html, token } = await createToken(a.cookie, { name: `only ${scope}`, [`scope:${scope}`]: 'on', expires_days: '1' });
        const command = exampleCommand(html);
        expect(command, scope).toContain(`Bearer ${token}`);
        expect(command, scope).toContain(portal.url);
        if (scope !== 'account:read') expect(command, scope).not.toContain('/api/me');
        // Real curl through a real shell, exactly as pasted; the WebSocket example ends at its --max-time.
        const out = await run('bash', ['-c', `${command} -s -o /dev/null -w '%{http_code}'`]).catch((err: { stdout?: string }) => ({
          stdout: err.stdout ?? '',
        }));
        const status = Number(out.stdout.trim().slice(-3));
        expect(scope === 'realtime' ? status === 101 : status >= 200 && status < 300, `${scope}: ${command} answered ${status}`).toBe(true);
      }),
    );
  });

  it('validates the create form: name, at least one scope, a known expiry', async () => {
    const a = await signUpHttp(portal.url);
    const bad = await createToken(a.cookie, { name: '', expires_days: '3' });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('Give the token a name');
    expect(bad.html).toContain('Choose at least one scope');
    expect(bad.html).toContain('Choose when the token expires');
    expect(bad.token).toBeUndefined();
  });

  it('refuses names with control, format (bidi, zero-width) or separator characters, and keeps other Unicode', async () => {
    const a = await signUpHttp(portal.url);
    for (const name of [
      'invoice\u202Efdp.exe',
      'zero\u200Bwidth',
      'isolate\u2066x\u2069',
      'c1\u0085control',
      'line\u2028break',
      'soft\u00ADhyphen',
    ]) {
      const bad = await createToken(a.cookie, { name, 'scope:rest': 'on', expires_days: '1' });
      expect(bad.res.status, JSON.stringify(name)).toBe(400);
      expect(bad.html).toMatch(/id="f-name-error"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?[^<]*no invisible or text-direction characters/);
      expect(bad.token).toBeUndefined();
    }
    const ok = await createToken(a.cookie, { name: 'café ☕ 日本 ثبت', 'scope:rest': 'on', expires_days: '1' });
    expect(ok.res.status).toBe(201);
    expect(ok.html).toMatch(/<td[^>]*>café ☕ 日本 ثبت<\/td>/);
  });

  it('refuses a sign-up email with a bidi override (the address is shown back on every page)', async () => {
    const res = await postForm(portal.url, '/signup', { email: 'gnp.\u202Eevil@example.test', password: 'violet lantern bidi harbour' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Remove the invisible or text-direction characters from the address.');
  });

  it('creates one token per rendered form: re-posting it (a reload of the 201 page) only says it was already submitted', async () => {
    const a = await signUpHttp(portal.url);
    const page = await (await get(portal.url, '/account/tokens', { cookie: a.cookie })).text();
    const nonce = /name="form_nonce" value="([^"]+)"/.exec(page)?.[1];
    expect(nonce).toMatch(/^[0-9a-z]+-[a-z2-7]{24}$/);
    const fields = { name: 'once', 'scope:rest': 'on', expires_days: '1', form_nonce: nonce! };
    const first = await createToken(a.cookie, fields);
    expect(first.res.status).toBe(201);
    expect(first.token).toBeDefined();
    // The 201 page's own form has a new nonce, so creating another token on purpose still works.
    expect(/name="form_nonce" value="([^"]+)"/.exec(first.html)?.[1]).not.toBe(nonce);

    const again = await createToken(a.cookie, fields);
    expect(again.res.status).toBe(409);
    expect(again.html).toContain('This form was already submitted; the token was created and its secret shown once.');
    expect(again.token).toBeUndefined();
    expect(again.html).not.toContain(first.token!);
    // Two racing re-posts of another form: exactly one creates.
    const nonce2 = /name="form_nonce" value="([^"]+)"/.exec(first.html)![1]!;
    const race = await Promise.all([0, 1, 2].map(() => createToken(a.cookie, { ...fields, name: 'race', form_nonce: nonce2 })));
    expect(race.map((r) => r.res.status).sort()).toEqual([201, 409, 409]);
    const rows = (await (await get(portal.url, '/account/tokens', { cookie: a.cookie })).text()).match(/data-token-row/g) ?? [];
    expect(rows).toHaveLength(2);
  });

  it('refuses a made-up or stale form nonce with 400, and still creates without one (programs posting the documented fields)', async () => {
    const a = await signUpHttp(portal.url);
    const base = { name: 'n', 'scope:rest': 'on', expires_days: '1' };
    const stale = `${(Date.now() - 2 * 3_600_000).toString(36)}-${'a'.repeat(24)}`;
    for (const form_nonce of ['nonsense', stale]) {
      const bad = await createToken(a.cookie, { ...base, form_nonce });
      expect(bad.res.status).toBe(400);
      expect(bad.html).toContain('This form is out of date.');
      expect(bad.token).toBeUndefined();
    }
    const plain = await createToken(a.cookie, base);
    expect(plain.res.status).toBe(201);
    expect(plain.token).toBeDefined();
  });

  it('revokes: the token stops working at once', async () => {
    const a = await signUpHttp(portal.url);
    const { token } = await createToken(a.cookie, { name: 'to revoke', 'scope:account:read': 'on', expires_days: '30' });
    const id = token!.slice(4, 28);
    expect((await get(portal.url, '/api/me', bearer(token!))).status).toBe(200);
    const res = await postForm(portal.url, '/account/tokens', { action: 'revoke', token_id: id }, { cookie: a.cookie });
    expect(res.status).toBe(303);
    const after = await get(portal.url, '/api/me', bearer(token!));
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    // Another user cannot revoke someone else's token.
    const b = await signUpHttp(portal.url);
    const { token: theirs } = await createToken(b.cookie, { name: 'b', 'scope:account:read': 'on', expires_days: '30' });
    const steal = await postForm(portal.url, '/account/tokens', { action: 'revoke', token_id: theirs!.slice(4, 28) }, { cookie: a.cookie });
    expect(steal.status).toBe(404);
    expect((await get(portal.url, '/api/me', bearer(theirs!))).status).toBe(200);
  });

  it('never opens account pages with a token, even one with every scope', async () => {
    const acct = await createAccount(portal.dataDir);
    for (const p of ['/account', '/account/tokens', '/account/password']) {
      const res = await get(portal.url, p, bearer(acct.token));
      expect(res.status, p).toBeGreaterThanOrEqual(401);
      expect(res.status, p).toBeLessThanOrEqual(403);
    }
    const post = await postForm(
      portal.url,
      '/account/tokens',
      { action: 'create', name: 'x', 'scope:rest': 'on', expires_days: '1' },
      { headers: { authorization: `Bearer ${acct.token}` } },
    );
    expect([401, 403]).toContain(post.status);
  });
});

describe('the sessions page', () => {
  it('lists device, IP, created and last seen, ends one other session and then all others', async () => {
    const a = await signUpHttp(portal.url);
    const others = [];
    for (let i = 0; i < 2; i++) {
      const res = await postForm(
        portal.url,
        '/login',
        { email: a.email, password: a.password },
        { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' } },
      );
      others.push(res.headers.getSetCookie()[0]!.split(';')[0]!);
    }
    const html = await (await get(portal.url, '/account', { cookie: a.cookie })).text();
    expect(html.match(/data-session-row/g)).toHaveLength(3);
    expect(html).toContain('Chrome 126 on Linux');
    expect(html).toContain('127.0.0.1');
    expect(html).toContain('this device');
    const ids = [...html.matchAll(/name="session_id" value="([a-z2-7]{24})"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const end = await postForm(portal.url, '/account', { action: 'end', session_id: ids[0]! }, { cookie: a.cookie });
    expect(end.status).toBe(303);
    const alive = await Promise.all(others.map(async (c) => (await get(portal.url, '/welcome', { cookie: c })).status === 200));
    expect(alive.filter(Boolean)).toHaveLength(1);
    expect((await postForm(portal.url, '/account', { action: 'end_others' }, { cookie: a.cookie })).status).toBe(303);
    for (const c of others) expect((await get(portal.url, '/welcome', { cookie: c })).status).toBe(303);
    expect((await get(portal.url, '/welcome', { cookie: a.cookie })).status).toBe(200);
  });
});
