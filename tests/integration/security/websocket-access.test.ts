import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { realtimeRoutes } from '../../../src/lib/server/realtime/routes';
import type { PortalProcess } from '../../helpers/portal';
import { makeCallers, startProductionPortal, type Callers } from './support';

/**
 * Hole 2 (high): a password-only session (second factor pending) opened the
 * private WebSockets. The router now asks the same guard as every HTTP
 * request. For every route in the table: full session, 2FA-pending session,
 * nobody, token with and without the scope, lesson token, foreign or
 * missing Origin, and odd spellings of the path.
 */

let portal: PortalProcess;
let callers: Callers;

beforeAll(async () => {
  portal = await startProductionPortal();
  callers = await makeCallers(portal.dataDir);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

/** Try an upgrade; the HTTP status the server answered (101 when the socket opened). */
function upgradeStatus(path: string, headers: Record<string, string>, protocols: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${portal.url.replace('http', 'ws')}${path}`, protocols, { headers });
    ws.once('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response|closed before/.test(err.message)) reject(err);
    });
  });
}

const ROUTES = Object.entries(realtimeRoutes).map(([name, route]) => ({
  name,
  route,
  path: `/ws/${name}${route.params === 'some' ? '/BTCUSD' : ''}`,
}));

describe.each(ROUTES)('/ws/$name', ({ path, route }) => {
  const own = () => ({ origin: portal.url });
  const anonymousStatus = route.auth === 'required' ? 401 : 101;

  it('opens for a full session from our own page', async () => {
    expect(await upgradeStatus(path, { ...own(), cookie: callers.fullCookie })).toBe(101);
  });
  it('treats a 2FA-pending session as nobody', async () => {
    expect(await upgradeStatus(path, { ...own(), cookie: callers.pendingCookie })).toBe(anonymousStatus);
  });
  it('treats no credentials as nobody', async () => {
    expect(await upgradeStatus(path, own())).toBe(anonymousStatus);
  });
  it('opens for a token with the scope (header or subprotocol) and for a lesson token', async () => {
    expect(await upgradeStatus(path, { authorization: `Bearer ${callers.token}` })).toBe(101);
    expect(await upgradeStatus(path, {}, [`bearer.${callers.token}`, 'il.v1', ...(route.protocols ?? [])])).toBe(101);
    expect(await upgradeStatus(path, { authorization: `Bearer ${callers.lessonToken}` })).toBe(101);
  });
  it('refuses a token without the scope, and an invalid token', async () => {
    expect(await upgradeStatus(path, { authorization: `Bearer ${callers.cryptoOnlyToken}` })).toBe(403);
    expect(await upgradeStatus(path, { authorization: 'Bearer ilp_nope.nope' })).toBe(401);
  });
  it('refuses a session cookie from a foreign Origin or with none', async () => {
    expect(await upgradeStatus(path, { origin: 'https://evil.example', cookie: callers.fullCookie })).toBe(403);
    expect(await upgradeStatus(path, { origin: 'null', cookie: callers.fullCookie })).toBe(403);
    expect(await upgradeStatus(path, { cookie: callers.fullCookie })).toBe(403);
  });
  it('decides the same for other spellings of the path', async () => {
    const [, , name, ...rest] = path.split('/');
    const tail = rest.length ? `/${rest.join('/')}` : '';
    for (const p of [
      `//ws/${name}${tail}`,
      `/ws//${name}${tail}`,
      `/./ws/${name}${tail}`,
      `/x/../ws/${name}${tail}`,
      `/ws/%${name!.charCodeAt(0).toString(16)}${name!.slice(1)}${tail}`,
      `/%2e/ws/${name}${tail}/`,
    ]) {
      expect(await upgradeStatus(p, { ...own(), cookie: callers.pendingCookie }), p).toBe(anonymousStatus);
      expect(await upgradeStatus(p, { ...own(), cookie: callers.fullCookie }), p).toBe(101);
    }
    expect(await upgradeStatus(`/ws%2f${name}${tail}`, { ...own(), cookie: callers.fullCookie })).toBe(400);
  });
});

describe('the graphql socket with a 2FA-pending session', () => {
  it('cannot run a mutation: the upgrade itself is refused', async () => {
    const status = await upgradeStatus('/ws/graphql', { origin: portal.url, cookie: callers.pendingCookie }, ['graphql-transport-ws']);
    expect(status).toBe(401);
  });
});
