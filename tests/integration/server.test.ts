import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { startPortal, type PortalProcess } from '../helpers/portal';

/** Open a WebSocket and resolve once open, or reject with the HTTP status of a refused upgrade. */
function connect(url: string, opts: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, opts);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<{ data: WebSocket.RawData; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));
}

describe('the web process', () => {
  let portal: PortalProcess;
  let account: TestAccount;

  beforeAll(async () => {
    portal = await startPortal({ workers: 1 });
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('reports every part ok on /api/health with a worker running', async () => {
    const res = await fetch(`${portal.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok', worker: 'ok', reasons: {} });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('serves the landing page with the lessons from the content collection and security headers', async () => {
    const res = await fetch(portal.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Interview Lab');
    expect(html).toMatch(/One million notifications an hour/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    expect(res.headers.get('permissions-policy')).toBeTruthy();
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('sends anonymous page views to the login form and anonymous API calls a 401 JSON error', async () => {
    const page = await fetch(`${portal.url}/lessons?x=1`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Flessons%3Fx%3D1');
    const api = await fetch(`${portal.url}/api/rest/todos/1`);
    expect(api.status).toBe(401);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/log in|token/i);
  });

  it('keeps API tokens to /api: pages answer 401 and account paths 403 to a token', async () => {
    const auth = { authorization: `Bearer ${account.token}` };
    const page = await fetch(`${portal.url}/lessons`, { headers: auth, redirect: 'manual' });
    expect(page.status).toBe(401);
    const accountPage = await fetch(`${portal.url}/account`, { headers: auth, redirect: 'manual' });
    expect([401, 403]).toContain(accountPage.status);
    const me = await fetch(`${portal.url}/api/me`, { headers: auth });
    expect(me.status).toBe(200);
  });

  it('answers a bad bearer token with 401 invalid_token and CORS headers a cell can read', async () => {
    const res = await fetch(`${portal.url}/api/rest/todos/1`, {
      headers: { authorization: 'Bearer ilp_aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb', origin: 'null' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  });

  it('answers unknown pages with the friendly 404 page, no stack trace', async () => {
    const res = await fetch(`${portal.url}/no/such/page`, { headers: { cookie: account.cookie } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('We could not find that page');
    expect(html).not.toMatch(/at .*\.(m?js|ts):\d+/);
  });

  it('shows a signed-out visitor the 404 page for a mistyped URL instead of the login form', async () => {
    const res = await fetch(`${portal.url}/lesons`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('We could not find that page');
    // A real gated page still asks for a login, and an unknown lesson is inside the gate.
    expect((await fetch(`${portal.url}/lessons/no-such-lesson`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${portal.url}/api/no-such-endpoint`)).status).toBe(401);
  });

  it('serves static files with validators, and hashed assets as immutable', async () => {
    const icon = await fetch(`${portal.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    const etag = icon.headers.get('etag')!;
    const again = await fetch(`${portal.url}/favicon.svg`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const html = await (await fetch(portal.url)).text();
    const asset = /\/_astro\/[^"']+\.(css|js)/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${portal.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const traversal = await fetch(`${portal.url}/_astro/..%2f..%2fpackage.json`, { redirect: 'manual' });
    expect(traversal.status).not.toBe(200);
  });

  it('sends the build-time brotli or gzip copy of a large asset to clients that take it', async () => {
    const html = await (await fetch(portal.url)).text();
    const css = /\/_astro\/[^"']+\.css/.exec(html)?.[0];
    expect(css).toBeTruthy();
    const http = await import('node:http');
    const get = (encoding: string) =>
      new Promise<{ headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${portal.url}${css}`, { headers: { 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const zlib = await import('node:zlib');
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await get('gzip, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
  });

  it('echoes text and binary frames on /ws/echo', async () => {
    const ws = await connect(`${portal.url.replace('http', 'ws')}/ws/echo`);
    ws.send('hello');
    const text = await nextMessage(ws);
    expect(text.isBinary).toBe(false);
    expect(text.data.toString()).toBe('hello');
    ws.send(Buffer.from([1, 2, 3]));
    const bin = await nextMessage(ws);
    expect(bin.isBinary).toBe(true);
    expect([...(bin.data as Buffer)]).toEqual([1, 2, 3]);
    ws.close();
  });

  it('refuses a cookie-authenticated upgrade from a foreign Origin and accepts it from our own', async () => {
    const url = `${portal.url.replace('http', 'ws')}/ws/echo`;
    await expect(connect(url, { headers: { cookie: account.cookie, origin: 'https://evil.example' } })).rejects.toThrow('HTTP 403');
    const ok = await connect(url, { headers: { cookie: account.cookie, origin: portal.url } });
    ok.close();
  });

  it('accepts a bearer token as a subprotocol without echoing it back, and refuses a bad one', async () => {
    const url = `${portal.url.replace('http', 'ws')}/ws/echo`;
    const ws = await connect(url, { headers: { origin: 'null' } }, [`bearer.${account.token}`, 'il.v1']);
    expect(ws.protocol).toBe('il.v1');
    ws.close();
    await expect(connect(url, {}, ['bearer.ilp_aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb', 'il.v1'])).rejects.toThrow('HTTP 401');
  });

  it('answers unknown WebSocket paths with 404 and closes oversized frames with 1009', async () => {
    await expect(connect(`${portal.url.replace('http', 'ws')}/ws/nope`)).rejects.toThrow('HTTP 404');
    const ws = await connect(`${portal.url.replace('http', 'ws')}/ws/echo`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(Buffer.alloc(200 * 1024));
    expect(await closed).toBe(1009);
  });
});

describe('a portal whose Redis is unreachable', () => {
  let portal: PortalProcess;
  beforeAll(async () => {
    portal = await startPortal({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('still serves pages and says degraded with the reason', async () => {
    expect((await fetch(portal.url)).status).toBe(200);
    const body = (await (await fetch(`${portal.url}/api/health`)).json()) as {
      status: string;
      db: string;
      redis: string;
      worker: string;
      reasons: Record<string, string>;
    };
    expect(body).toMatchObject({ status: 'degraded', db: 'ok', redis: 'down', worker: 'down' });
    expect(body.reasons.redis).toMatch(/redis/i);
  });
});

describe('a portal with no Redis configured', () => {
  let portal: PortalProcess;
  beforeAll(async () => {
    portal = await startPortal({ noRedis: true });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('says how to get Redis', async () => {
    const body = (await (await fetch(`${portal.url}/api/health`)).json()) as { status: string; reasons: Record<string, string> };
    expect(body.status).toBe('degraded');
    expect(body.reasons.redis).toMatch(/apt-get install redis-server|REDIS_URL/);
  });
});
