import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { headerCount, rawRequest, type RawRequest } from '../helpers/https-client';
import { freePort, startNginx, type RunningNginx } from '../helpers/nginx';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { until } from '../helpers/wait';
import { collect, requestPids, sessionCookie } from './deploy-nginx-support';

/**
 * The production picture, for real: Debian's nginx with the config shipped in
 * deploy/nginx (TLS with a certificate made now, HTTP/2, HSTS, gzip, /_astro/
 * from disk) in front of two built web processes and a worker that share one
 * SQLite file and one Redis prefix, PUBLIC_ORIGIN https and TRUST_PROXY=1.
 * Everything below goes through nginx.
 */

describe('deployment behind nginx', () => {
  let portal: PortalProcess;
  let nginx: RunningNginx;
  let webB: { port: number; child: import('node:child_process').ChildProcess };
  let origin: string;

  const get = (path: string, opts: RawRequest = {}) => rawRequest(origin + path, { ca: nginx.ca, ...opts });

  beforeAll(async () => {
    const httpsPort = await freePort();
    const httpPort = await freePort();
    origin = `https://127.0.0.1:${httpsPort}`;
    portal = await startPortal({ env: { NODE_ENV: 'production', PUBLIC_ORIGIN: origin, TRUST_PROXY: '1', LOG_LEVEL: 'debug' } });
    webB = await portal.startWeb();
    await portal.startWorker();
    nginx = await startNginx({ httpsPort, httpPort, upstreamPorts: [portal.port, webB.port] });
  }, 90_000);

  afterAll(async () => {
    await nginx?.stop();
    await portal?.stop();
  });

  it('redirects plain http to the same path on https', async () => {
    const res = await rawRequest(`http://127.0.0.1:${nginx.httpPort}/lessons?x=1`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`${origin}/lessons?x=1`);
  });

  it('negotiates HTTP/2 over TLS 1.3 and refuses old protocols and ciphers without forward secrecy', async () => {
    const modern = await handshake({ ALPNProtocols: ['h2', 'http/1.1'] });
    expect(modern).toEqual({ ok: true, protocol: 'TLSv1.3', alpn: 'h2' });
    const tls12 = await handshake({ maxVersion: 'TLSv1.2' });
    expect(tls12).toMatchObject({ ok: true, protocol: 'TLSv1.2' });
    // The client offers these; the server's alert is what refuses them.
    const tls11 = await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(tls11).toMatchObject({ ok: false, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    const rsaKx = await handshake({ maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES256-SHA256' });
    expect(rsaKx).toMatchObject({ ok: false, code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' });

    const session = http2.connect(origin, { ca: nginx.ca });
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = session.request({ ':path': '/', ':method': 'GET' });
        let status = 0;
        let body = '';
        req.on('response', (h) => (status = Number(h[':status'])));
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => resolve({ status, body }));
        req.on('error', reject);
      });
      expect(status).toBe(200);
      expect(body).toContain('Interview Lab');
    } finally {
      session.close();
    }
  });

  it('serves pages from both web processes with the security headers, HSTS once, the proxy request id and gzip', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await get('/', { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(res.body).toString()).toContain('Interview Lab');
      expect(headerCount(res, 'strict-transport-security')).toBe(1);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{8,}; includeSubDomains/);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      // nginx's $request_id reached the portal (TRUST_PROXY) and came back.
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    }
    await until(() => requestPids(portal.output(), '/').size >= 2, 5000, 'both web processes logging /');
    expect(requestPids(portal.output(), '/').size).toBe(2);

    const health = await get('/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ db: 'ok', redis: 'ok' });
  });

  it('serves hashed /_astro/ files from disk, immutable for a year and compressed', async () => {
    const html = (await get('/')).text;
    const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    const css = assets.find((a) => a.endsWith('.css')) ?? assets[0]!;
    const res = await get(css, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/^text\/(css|javascript)/);
    expect(headerCount(res, 'strict-transport-security')).toBe(1);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    if (zlib.gunzipSync(res.body).length >= 1024) expect(res.headers['content-encoding']).toBe('gzip');
    // nginx answered from disk: the portal never saw the request.
    expect(portal.output()).not.toContain(`"path":"${css}"`);
    const missing = await get('/_astro/no-such-file.js');
    expect(missing.status).toBe(404);
  });

  it('refuses a body over client_max_body_size before it reaches the portal', async () => {
    const res = await get('/api/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: Buffer.alloc(2 * 1024 * 1024, 97),
    });
    expect(res.status).toBe(413);
    expect(headerCount(res, 'strict-transport-security')).toBe(1);
  });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', origin, ...extra });
  const email = `deploy-${randomBytes(4).toString('hex')}@example.test`;
  const password = `Nginx proves ${randomBytes(6).toString('hex')} things`;
  let cookie = '';

  it('signs up, logs out and logs in through nginx over https with a Secure __Host- session cookie', async () => {
    const page = await get('/signup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');

    const signup = await get('/signup', { method: 'POST', headers: formHeaders(), body: form({ email, password }) });
    expect(signup.status).toBe(303);
    expect(signup.headers.location).toBe('/welcome');
    const first = sessionCookie(signup.headers['set-cookie']);
    expect(first.attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Secure']));
    expect(first.attributes.some((a) => /^Domain=/i.test(a))).toBe(false);

    const welcome = await get('/welcome', { headers: { cookie: first.pair } });
    expect(welcome.status).toBe(200);
    expect(welcome.text).toContain(email);

    const logout = await get('/logout', { method: 'POST', headers: formHeaders({ cookie: first.pair }), body: '' });
    expect(logout.status).toBe(303);
    const after = await get('/welcome', { headers: { cookie: first.pair } });
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Fwelcome');

    const login = await get('/login', { method: 'POST', headers: formHeaders(), body: form({ email, password }) });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/welcome');
    const second = sessionCookie(login.headers['set-cookie']);
    expect(second.attributes).toContain('Secure');
    expect(second.pair).not.toBe(first.pair); // a new session on every login
    cookie = second.pair;
    const me = await get('/welcome', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.text).toContain(email);
  });

  it('refuses cross-site form posts through nginx, also with forwarding headers nobody trusted', async () => {
    const evil = await get('/login', { method: 'POST', headers: formHeaders({ origin: 'https://evil.example' }), body: form({ email, password }) });
    expect(evil.status).toBe(403);
    expect(evil.headers['set-cookie']).toBeUndefined();
    // Spoofed forwarding headers do not make the evil origin look like ours.
    const spoofed = await get('/login', {
      method: 'POST',
      headers: formHeaders({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }),
      body: form({ email, password }),
    });
    expect(spoofed.status).toBe(403);
    // A browser that sends no Origin still marks a cross-site request with Sec-Fetch-Site.
    const fetchSite = await get('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: form({ email, password }),
    });
    expect(fetchSite.status).toBe(403);
  });

  it('delivers a notification over a WebSocket held by the other web process', async () => {
    expect(cookie).not.toBe('');
    const wsOrigin = origin.replace('https:', 'wss:');
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${wsOrigin}/ws/notifications`, { ca: nginx.ca, headers: { cookie, origin } });
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });
    // least_conn sends the second long-lived connection to the other web process (checked below).
    const sockets = [await open(), await open()];
    const inboxes = sockets.map((ws) => collect(ws));
    try {
      const title = `Deployed ${randomBytes(3).toString('hex')}`;
      const sent = await get('/api/notifications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({ recipient: 'me', title }),
      });
      expect(sent.status).toBe(202);
      for (const inbox of inboxes) await inbox.waitFor((m) => m.type === 'notification' && JSON.stringify(m).includes(title));

      // Stop web process B: exactly one socket closes, so they were on different processes,
      // and whichever process took the POST, the other one pushed the notification too.
      const exited = new Promise((resolve) => webB.child.once('exit', resolve));
      webB.child.kill('SIGTERM');
      await exited;
      await until(() => sockets.some((ws) => ws.readyState === WebSocket.CLOSED), 5000, 'a socket of web process B to close');
      // B has exited, so its sockets are gone: a pong on every socket still open proves it lives on A.
      await Promise.all(
        sockets
          .filter((ws) => ws.readyState === WebSocket.OPEN)
          .map(
            (ws) =>
              new Promise((resolve) => {
                ws.once('pong', resolve);
                ws.once('close', resolve);
                ws.ping();
              }),
          ),
      );
      expect(sockets.map((ws) => ws.readyState).sort()).toEqual([WebSocket.OPEN, WebSocket.CLOSED]);
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  it('answers 429 from nginx when the sign-in forms are flooded, with HSTS and Retry-After', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 40 }, () =>
        get('/login', { method: 'POST', headers: formHeaders(), body: form({ email: 'nobody@example.test', password: 'wrong password here' }) }),
      ),
    );
    const limited = attempts.filter((r) => r.status === 429 && r.text.includes('Too many sign-in attempts from your address'));
    // burst=20: at least the other 20 are refused by nginx without reaching Node.
    expect(limited.length).toBeGreaterThanOrEqual(19);
    const one = limited[0]!;
    expect(one.headers['retry-after']).toBe('60');
    expect(headerCount(one, 'strict-transport-security')).toBe(1);
    expect(one.headers['content-type']).toMatch(/^text\/html/);
    // Loading the form is never limited.
    expect((await get('/login')).status).toBe(200);
    expect(nginx.errorLog()).toMatch(/limiting requests, excess/);
    expect(nginx.errorLog()).not.toMatch(/\[(emerg|alert|crit)\]/);
  });

  /** One TLS handshake with the given client options. */
  function handshake(
    opts: tls.ConnectionOptions,
  ): Promise<{ ok: true; protocol: string | null; alpn: string | false | null } | { ok: false; code: string }> {
    return new Promise((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: nginx.httpsPort, ca: nginx.ca, ...opts }, () => {
        const result = { ok: true as const, protocol: socket.getProtocol(), alpn: socket.alpnProtocol };
        socket.end();
        resolve(result);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, code: err.code ?? err.message }));
    });
  }
});
