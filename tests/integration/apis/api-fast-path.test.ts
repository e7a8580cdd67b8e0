import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiToken, validateApiToken } from '../../../src/lib/server/auth/api-tokens';
import { TTL_MS } from '../../../src/lib/server/api-fast-path/token-cache';
import { useDataDir } from '../../helpers/accounts';
import { startApiPortal, type ApiPortal } from './support';
import { until } from '../../helpers/wait';

/**
 * The production fast path (/api/rest, /api/graphql served before Astro)
 * must guard and answer exactly like the middleware does for every other
 * API path (here /api/me, served by Astro): same refusals, same bodies,
 * same security, cache and CORS headers.
 */

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  await p.portal.stop();
});

const SAME = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'www-authenticate',
  'content-type',
];
const IGNORE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id', 'etag', 'vary', 'cache-control']);
const RATE = /^ratelimit-|^retry-after$/;

async function pair(init: RequestInit, fast = '/api/rest/todos/1', astro = '/api/me') {
  const a = await fetch(`${p.portal.url}${fast}`, init);
  const b = await fetch(`${p.portal.url}${astro}`, init);
  return { fast: a, astro: b, fastBody: await a.text(), astroBody: await b.text() };
}

function expectSameHeaders(a: Response, b: Response): void {
  for (const name of SAME) expect(a.headers.get(name), name).toBe(b.headers.get(name));
  const names = (r: Response) => [...r.headers.keys()].filter((n) => !IGNORE.has(n) && !RATE.test(n)).sort();
  expect(names(a)).toEqual(names(b));
  expect(a.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
}

describe('the API fast path matches the middleware', () => {
  it('for anonymous calls', async () => {
    const r = await pair({});
    expect([r.fast.status, r.astro.status]).toEqual([401, 401]);
    expect(r.fastBody).toBe(r.astroBody);
    expectSameHeaders(r.fast, r.astro);
    expect(r.fast.headers.get('cache-control')).toBe('no-store');
  });

  it('for invalid tokens', async () => {
    const r = await pair({ headers: { authorization: 'Bearer ilp_aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb' } });
    expect([r.fast.status, r.astro.status]).toEqual([401, 401]);
    expect(r.fastBody).toBe(r.astroBody);
    expectSameHeaders(r.fast, r.astro);
  });

  it('for CORS preflights', async () => {
    const r = await pair({
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect([r.fast.status, r.astro.status]).toEqual([204, 204]);
    for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age']) {
      expect(r.fast.headers.get(name), name).toBe(r.astro.headers.get(name));
    }
  });

  it('for token calls: CORS for any origin, same security headers', async () => {
    const other = await p.newAccount(['rest', 'account:read']);
    const r = await pair({ headers: { authorization: `Bearer ${other.token}`, origin: 'null' } });
    expect([r.fast.status, r.astro.status]).toEqual([200, 200]);
    for (const name of SAME.filter((n) => n !== 'content-type' && n !== 'www-authenticate'))
      expect(r.fast.headers.get(name), name).toBe(r.astro.headers.get(name));
  });

  it('puts the API security headers on API answers (no sniffing, no framing, a CSP that loads nothing) and not the page-only ones', async () => {
    const other = await p.newAccount(['rest', 'account:read']);
    const r = await pair({ headers: { authorization: `Bearer ${other.token}` } });
    for (const res of [r.fast, r.astro]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      for (const pageOnly of ['referrer-policy', 'permissions-policy', 'cross-origin-opener-policy'])
        expect(res.headers.get(pageOnly), pageOnly).toBeNull();
    }
  });

  it('for cookie calls: same-origin reads work without CORS, cross-site writes are refused', async () => {
    const cookie = p.account.cookie;
    const read = await fetch(`${p.portal.url}/api/rest/todos/1`, { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const init = { method: 'POST', headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' };
    const r = await pair(init, '/api/rest/todos', '/api/no-such-endpoint');
    expect([r.fast.status, r.astro.status]).toEqual([403, 403]);
    expect(r.fastBody).toBe(r.astroBody);
    const same = await fetch(`${p.portal.url}/api/rest/todos`, {
      ...init,
      headers: { ...init.headers, origin: p.portal.url },
      body: '{"userId":1,"title":"mine"}',
    });
    expect(same.status).toBe(201);
  });

  it('stops honouring a revoked token within the token cache’s lifetime (TTL_MS)', async () => {
    const other = await p.newAccount(['rest']);
    const call = () => fetch(`${p.portal.url}/api/rest/todos/1`, { headers: { authorization: `Bearer ${other.token}` } });
    expect((await call()).status).toBe(200);
    useDataDir(p.portal.dataDir);
    const record = (await validateApiToken(other.token))!.token;
    expect(await revokeApiToken(record.userId, record.id)).toBe(true);
    // Cached answers stop once their TTL_MS is up (a hit never extends it): ask until the revocation shows.
    const after = await until(
      async () => {
        const r = await call();
        return r.status === 200 ? null : r;
      },
      TTL_MS + 10_000,
      'the revoked token to be refused',
    );
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
