import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { createAccount, useDataDir, type TestAccount } from '../helpers/accounts';
import { portalValue } from '../helpers/portal-db';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { listPythonTabs, pythonHas, runPython } from '../helpers/python-tabs';

/**
 * The login lesson's endpoints (/api/auth-lab/*) on a built portal whose
 * public origin is https: who may call them, what they show, and that nothing
 * they do touches the caller's account.
 */

const ORIGIN = 'https://lab.example.test';

describe('/api/auth-lab', () => {
  let portal: PortalProcess;
  let account: TestAccount;
  let lessonToken: string;
  let otherLessonToken: string;
  let narrowToken: string;

  beforeAll(async () => {
    portal = await startPortal({ env: { PUBLIC_ORIGIN: ORIGIN } });
    useDataDir(portal.dataDir, { PUBLIC_ORIGIN: ORIGIN });
    account = await createAccount(portal.dataDir, { scopes: ['account:read'] });
    lessonToken = (
      await createApiToken(account.user.id, {
        kind: 'lesson',
        name: 'lesson:b1-secure-login',
        scopes: ['crypto', 'login-lab'],
        ttlMs: 600_000,
      })
    ).token;
    otherLessonToken = (
      await createApiToken(account.user.id, {
        kind: 'lesson',
        name: 'lesson:a1-integration-protocols',
        scopes: ['crypto'],
        ttlMs: 600_000,
      })
    ).token;
    narrowToken = (await createApiToken(account.user.id, { kind: 'personal', name: 'narrow', scopes: ['rest'], ttlMs: 600_000 })).token;
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return fetch(`${portal.url}/api/auth-lab/${path}`, { ...init, headers });
  };

  it('lets in a session and tokens with login-lab or account:read; nobody else', async () => {
    expect((await call('sessions')).status).toBe(401);
    expect((await call('sessions', { headers: { cookie: account.cookie } })).status).toBe(200);
    expect((await call('sessions', { token: account.token })).status).toBe(200);
    const lesson = await call('sessions', { token: lessonToken });
    expect(lesson.status).toBe(200);
    // Token calls come from the sandboxed cells (opaque origin): CORS must allow them.
    expect(lesson.headers.get('access-control-allow-origin')).toBe('*');
    const other = await call('sessions', { token: otherLessonToken });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    expect((await call('sessions', { token: narrowToken })).status).toBe(403);
  });

  it("lists the caller's sessions without ids and with the address cut to its network", async () => {
    const res = await call('sessions', { headers: { cookie: account.cookie } });
    const { sessions } = (await res.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: true, network: '127.0.0.x', device: expect.any(String) });
    expect(Object.keys(sessions[0]!).sort()).toEqual(
      ['absoluteExpiresAt', 'createdAt', 'current', 'device', 'idleExpiresAt', 'lastSeenAt', 'network', 'twoFactorVerified'].sort(),
    );
    const viaToken = (await (await call('sessions', { token: lessonToken })).json()) as { sessions: Array<{ current: boolean }> };
    expect(viaToken.sessions.map((s) => s.current)).toEqual([false]);
  });

  it('shows a real login response on a throwaway account and leaves no trace of it', async () => {
    const count = (sql: string) => portalValue<number>(portal.dataDir, sql);
    {
      const usersBefore = await count('SELECT COUNT(*) FROM users');
      const sessionsBefore = await count('SELECT COUNT(*) FROM sessions');
      const devicesBefore = await count('SELECT COUNT(*) FROM login_devices');
      const res = await call('login-demo', { method: 'POST', token: lessonToken });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('6');
      const demo = (await res.json()) as {
        status: number;
        headers: Array<[string, string]>;
        cookie: { name: string; attributes: string[]; tokenLength: number };
        request: { body: string };
      };
      expect(demo.status).toBe(303);
      const headers = new Map(demo.headers);
      expect(headers.get('location')).toBe('/welcome');
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('cache-control')).toBe('no-store');
      expect(demo.cookie.name).toBe('__Host-session');
      expect(demo.cookie.attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Secure']));
      expect(demo.cookie.tokenLength).toBeGreaterThanOrEqual(20);
      // The values shown are no credentials: six characters, then a note. The
      // session cookie comes first; the device cookie (login-devices.ts) second.
      const setCookies = demo.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value);
      expect(setCookies).toHaveLength(2);
      expect(setCookies[0]).toMatch(/^__Host-session=[^;]{6}…\(\d+ characters\); /);
      expect(setCookies[1]).toMatch(/^__Host-device=[^;]{6}…\(\d+ characters\); Path=\/; HttpOnly; SameSite=Lax; .*Secure$/);
      expect(demo.request.body).toContain('never shown');

      expect(await count('SELECT COUNT(*) FROM users')).toBe(usersBefore);
      expect(await count('SELECT COUNT(*) FROM sessions')).toBe(sessionsBefore);
      expect(await count('SELECT COUNT(*) FROM login_devices')).toBe(devicesBefore);
      expect(await count(`SELECT COUNT(*) FROM users WHERE email LIKE 'login-demo-%'`)).toBe(0);
    }
    // The caller is still signed in, with the same single session.
    const mine = (await (await call('sessions', { headers: { cookie: account.cookie } })).json()) as { sessions: unknown[] };
    expect(mine.sessions).toHaveLength(1);
  });

  it('limits login demonstrations to six a minute per user', async () => {
    const other = await createAccount(portal.dataDir, { scopes: ['account:read'] });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('login-demo', { method: 'POST', token: other.token })).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    const refused = await call('login-demo', { method: 'POST', token: other.token });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('works the RFC 6238 examples and makes fresh keys when none is given', async () => {
    // RFC 6238 appendix B, SHA-1 key "12345678901234567890", last six of the eight digits.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const vectors: Array<[number, string]> = [
      [59_000, '287082'],
      [1_111_111_109_000, '081804'],
      [1_234_567_890_000, '005924'],
      [2_000_000_000_000, '279037'],
    ];
    for (const [at, code] of vectors) {
      const res = await call('totp', {
        method: 'POST',
        token: lessonToken,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret, at }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { codes: { current: string }; step: number; period: number; digits: number };
      expect(body.codes.current).toBe(code);
      expect(body.step).toBe(Math.floor(at / 30_000));
      expect(body).toMatchObject({ period: 30, digits: 6 });
    }
    const fresh = (await (await call('totp', { method: 'POST', token: lessonToken })).json()) as { secret: string; uri: string };
    expect(fresh.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(fresh.uri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}/);
  });

  it('answers bad TOTP input with a 400 naming the field', async () => {
    const bad = async (body: string, type = 'application/json') => {
      const res = await call('totp', { method: 'POST', token: lessonToken, headers: { 'content-type': type }, body });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } };
    };
    expect((await bad(JSON.stringify({ secret: 'not base32!' }))).body.error.fields).toHaveProperty('secret');
    expect((await bad(JSON.stringify({ secret: 'ABC' }))).status).toBe(400);
    expect((await bad(JSON.stringify({ at: 'yesterday-ish' }))).body.error.fields).toHaveProperty('at');
    expect((await bad(JSON.stringify({ at: -5 }))).status).toBe(400);
    expect((await bad(JSON.stringify({ secrets: 'x' }))).status).toBe(400);
    expect((await bad('{not json')).status).toBe(400);
    expect((await bad('secret=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await bad(JSON.stringify({ secret: 'A'.repeat(2000) }))).status).toBe(413);
  });

  it("runs the login lesson's Python tabs against the portal", async () => {
    expect(pythonHas(['requests'])).toBe(true);
    const reader = await createAccount(portal.dataDir); // a personal token with every scope
    const tabs = listPythonTabs('src/content/lessons/b1-secure-login.md');
    expect(tabs.map((t) => t.cellId)).toEqual(['argon2', 'cross-site', 'totp']);
    const expected: Record<string, RegExp> = {
      argon2: /SHA-256 per second: \d+\nArgon2id per second: [\d.]+ \{'memoryKiB': 19456, 'iterations': 2, 'parallelism': 1\}/,
      'cross-site': /^403 cross-site refused$/m,
      totp: /^server (\d{6}) python \1 match$/m,
    };
    for (const tab of tabs) {
      const r = await runPython(tab.code, { IL_URL: portal.url, IL_TOKEN: reader.token }, 60_000);
      expect([tab.cellId, r.code, r.stderr]).toEqual([tab.cellId, 0, '']);
      expect(r.stdout).toMatch(expected[tab.cellId]!);
    }
  });
});
