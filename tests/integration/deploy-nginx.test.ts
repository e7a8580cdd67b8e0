import http2 from 'node:http2';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerCount, rawRequest, type RawRequest } from '../helpers/https-client';
import { freePort, startNginx, type RunningNginx } from '../helpers/nginx';
import { startPortal, type PortalProcess } from '../helpers/portal';

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
    portal = await startPortal({ env: { NODE_ENV: 'production', PUBLIC_ORIGIN: origin, TRUST_PROXY: '1' } });
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
    await waitFor(() => requestPids(portal.output(), '/').size >= 2);
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
    const res = await get('/api/health', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: Buffer.alloc(2 * 1024 * 1024, 97) });
    expect(res.status).toBe(413);
    expect(headerCount(res, 'strict-transport-security')).toBe(1);
  });

  /** One TLS handshake with the given client options. */
  function handshake(opts: tls.ConnectionOptions): Promise<{ ok: true; protocol: string | null; alpn: string | false } | { ok: false; code: string }> {
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

/** Pids of web processes that logged a request for `path`. */
function requestPids(output: string, path: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"request"') || !line.includes(`"path":"${path}"`)) continue;
    try {
      pids.add((JSON.parse(line) as { pid: number }).pid);
    } catch {
      // a partial line while the process is still writing
    }
  }
  return pids;
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
