import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshEmail, goodPassword } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { rawRequest } from './security/support';

/**
 * The fast paths (POST /login, /api/rest, /api/graphql) take the origin a
 * request was addressed to from its Host header and scheme, cached per Host
 * (http/request-origin.ts); the guards allow an Origin equal to it. An http
 * request's cache entry must never answer for an https request: a Host of
 * "s" + the portal's host sent over plain http once (anyone can send it) must
 * not make `http://s<host>` an allowed Origin for the portal's https requests,
 * which Astro's middleware (its own URL, no cache) refuses.
 */

let portal: PortalProcess;
const PUBLIC = 'lab.example';

/** A raw request (node:http lets a test choose the Host header; fetch does not). */
const send = (method: string, target: string, headers: Record<string, string>, body?: string) =>
  rawRequest(portal.url, method, target, headers, body);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A form post to `target` with these headers. */
const postForm = (target: string, headers: Record<string, string>, fields: Record<string, string>) =>
  send('POST', target, { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, form(fields));

beforeAll(async () => {
  portal = await startPortal({ env: { TRUST_PROXY: '1', PUBLIC_ORIGIN: `https://${PUBLIC}` } });
});
afterAll(async () => {
  await portal?.stop();
});

describe('the fast paths’ request origin', () => {
  it('keeps http and https Host entries apart: a plain-http "s"+host request does not widen the https origin', async () => {
    // A host this portal has not seen yet, so the first requests below fill its cache entries.
    const host = 'portal-two.example';
    const account = { email: freshEmail('origin'), password: goodPassword() };
    const https = { host, 'x-forwarded-proto': 'https' };
    const signup = await postForm('/signup', { ...https, origin: `https://${host}` }, account);
    expect(signup.status).toBe(303);

    // Anyone: one plain-http API call whose Host is "s" + the portal's host.
    const poison = await send('GET', '/api/rest', { host: `s${host}`, 'x-forwarded-proto': 'http' });
    expect(poison.status).toBe(401);

    // A form on http://sportal-two.example posting to https://portal-two.example/login (a browser without Sec-Fetch-Site).
    const cross = { ...https, origin: `http://s${host}` };
    const viaFastPath = await postForm('/login', cross, account);
    // The same post through Astro's middleware (a fragment keeps it off the fast path): refused.
    const viaAstro = await postForm('/login#astro', cross, account);
    expect(viaAstro.status).toBe(403);
    expect(viaFastPath.status).toBe(403);
    expect(viaFastPath.headers['set-cookie']).toBeUndefined();

    // The API fast path decides on the same origin.
    const gql = await send(
      'POST',
      '/api/graphql',
      { ...https, origin: `http://s${host}`, 'content-type': 'application/json' },
      JSON.stringify({ query: '{ __typename }' }),
    );
    expect(gql.status).toBe(403);

    // The portal's own https pages still post fine.
    const own = await postForm('/login', { ...https, origin: `https://${host}` }, account);
    expect(own.status).toBe(303);
  });
});

/** The status line's code of a raw WebSocket upgrade to `path` with these headers (101 when it opened). */
function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(portal.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname, () => {
      const lines = Object.entries({
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      }).map(([k, v]) => `${k}: ${v}`);
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    });
    let head = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      head += chunk;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('WebSocket upgrades’ request origin', () => {
  it('is the one HTTP requests have: Host normalised, X-Forwarded-Proto as the proxy set it, X-Forwarded-Host ignored', async () => {
    const host = 'portal-three.example';
    const account = { email: freshEmail('ws-origin'), password: goodPassword() };
    const signup = await postForm('/signup', { host, 'x-forwarded-proto': 'https', origin: `https://${host}` }, account);
    expect(signup.status).toBe(303);
    const cookie = [signup.headers['set-cookie'] ?? []]
      .flat()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/=/);

    // [Host, X-Forwarded-Proto, extra headers, Origin, what a cookie upgrade gets]
    const cases: [string, string, Record<string, string>, string, number][] = [
      [host, 'https', {}, `https://${host}`, 101],
      [host.toUpperCase(), 'https', {}, `https://${host}`, 101],
      [`${host}:443`, 'https', {}, `https://${host}`, 101],
      [host, 'http, https', {}, `https://${host}`, 101],
      [`${host}.`, 'https', {}, `https://${host}`, 403],
      [host, 'http', {}, `https://${host}`, 403],
      [host, 'https, http', {}, `https://${host}`, 403],
      [host, 'https', {}, `http://${host}`, 403],
      [host, 'https', { 'x-forwarded-host': 'evil.example' }, 'https://evil.example', 403],
      [host, 'https', { 'x-forwarded-port': '8443' }, `https://${host}:8443`, 403],
      [`s${host}`, 'https', {}, `https://${host}`, 403],
      // An IP literal Host: Astro's own URL for it is http://localhost (it splits the Host at the first ':'), so the
      // middleware refused the page's own posts and allowed http://localhost; both sides now use requestOrigin.
      ['[::1]:8080', 'https', {}, 'https://[::1]:8080', 101],
      ['[::FFFF:127.0.0.1]', 'https', {}, 'https://[::ffff:7f00:1]', 101],
      ['[::1]:8080', 'https', {}, 'http://localhost', 403],
      ['[::1]', 'http', {}, 'http://localhost', 403],
      ['[::1]', 'https', {}, 'https://localhost', 403],
    ];
    for (const [h, proto, extra, origin, expected] of cases) {
      const headers = { host: h, 'x-forwarded-proto': proto, origin, cookie, ...extra };
      expect(await upgradeStatus('/ws/echo', headers), JSON.stringify(headers)).toBe(expected);
      // The same Origin on an HTTP state change (Astro's middleware; an empty form, so the session lives on) is allowed or refused alike.
      const post = await postForm('/account/password', headers, { x: '1' });
      expect(post.status === 403, `HTTP ${post.status} ${JSON.stringify(headers)}`).toBe(expected === 403);
    }
    // The public origin is always our own; and the cookie still names a live session (so the 403s above were the Origin's).
    expect(await upgradeStatus('/ws/echo', { host, 'x-forwarded-proto': 'http', origin: `https://${PUBLIC}`, cookie })).toBe(101);
    expect(await upgradeStatus('/ws/notifications', { host, 'x-forwarded-proto': 'https', origin: `https://${host}`, cookie })).toBe(101);
  });
});
