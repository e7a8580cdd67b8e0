import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PortalProcess } from '../../helpers/portal';
import { rawRequest, startProductionPortal } from './support';

/**
 * The Host header is decided once, before any router: a host name or an IP
 * literal with an optional port. A Host with userinfo (`a@evil.example`) made
 * every Astro page answer 500; now pages, APIs and WebSocket upgrades all
 * refuse such a Host with 400, and ordinary spellings still work.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startProductionPortal();
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

const BAD_HOSTS = ['a@evil.example', 'user:pw@127.0.0.1', 'evil.example/path', 'evil example', 'evil.example?x', '[::1', 'ex%41mple.test'];
const GOOD_HOSTS = ['localhost', 'LOCALHOST:8080', '127.0.0.1:3000', '[::1]:3000', 'portal.example.test.', 'web_1:4321'];

/** The status of a WebSocket upgrade to /ws/echo with `host`. */
function upgradeStatus(host: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${portal.url.replace('http', 'ws')}/ws/echo`, { headers: { host } });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('the Host header', () => {
  it('refuses a Host that is not a host with 400 on pages and APIs, never a 500', async () => {
    for (const host of BAD_HOSTS) {
      for (const path of ['/', '/login', '/api/health', '/api/rest/todos/1']) {
        const res = await rawRequest(portal.url, 'GET', path, { host });
        expect(res.status, `${host} ${path}`).toBe(400);
        expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'bad_host' } });
      }
    }
  });

  it('refuses such a Host on WebSocket upgrades too', async () => {
    for (const host of BAD_HOSTS) expect(await upgradeStatus(host), host).toBe(400);
  });

  it('keeps serving ordinary spellings of a host', async () => {
    for (const host of GOOD_HOSTS) {
      const res = await rawRequest(portal.url, 'GET', '/api/health', { host });
      expect(res.status, host).toBe(200);
      const page = await rawRequest(portal.url, 'GET', '/login', { host });
      expect(page.status, host).toBe(200);
    }
  });
});
