import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_IDLE } from '../../src/lib/server/realtime/keepalive';
import { createUpgradeRouter, type UpgradeRouter } from '../../src/lib/server/realtime/router';
import type { RealtimeRoute } from '../../src/lib/server/realtime/types';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { startUpgradeServer } from '../helpers/upgrade-server';

/**
 * The upgrade router on a real http.Server in this process, with short
 * keep-alive settings: idle peers are closed, dead peers terminated, and
 * scopes and connection limits enforced.
 */

const echo = (extra: Partial<RealtimeRoute> = {}): RealtimeRoute => ({
  auth: 'optional',
  onConnection(ws) {
    ws.on('message', (d, isBinary) => ws.send(d, { binary: isBinary }));
  },
  ...extra,
});

let server: Awaited<ReturnType<typeof startUpgradeServer>>;
let router: UpgradeRouter;
let base: string;
let account: TestAccount;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-rt-'));
  account = await createAccount(dataDir, { scopes: ['rest'] });
  router = createUpgradeRouter({
    keepaliveIntervalMs: 200,
    routes: {
      idle: echo({ idleTimeoutMs: 300 }),
      limited: echo({ maxPerUser: 2 }),
      scoped: echo({ auth: 'required', scope: 'realtime' }),
      private: echo({ auth: 'required' }),
      live: echo(),
    },
  });
  server = await startUpgradeServer(router);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function open(url: string, opts: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('the upgrade router', () => {
  it('closes a peer that sends nothing for the idle time with 4408', async () => {
    const ws = await open(`${base}/ws/idle`);
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(CLOSE_IDLE);
  });

  it('terminates a peer that stops answering pings', async () => {
    // A raw socket that completes the handshake and then never answers a ping.
    const { port } = new URL(base);
    const sock = net.connect(Number(port), '127.0.0.1');
    sock.resume(); // read (and ignore) what the server sends, pings included
    await new Promise((r) => sock.once('connect', r));
    sock.write(
      'GET /ws/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const ended = new Promise<boolean>((resolve) => {
      sock.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 5000).unref();
    });
    expect(await ended).toBe(true);
  });

  it('keeps a live peer that answers pings open past the ping interval', async () => {
    const ws = await open(`${base}/ws/live`);
    // Three pings (200 ms apart) answered by the client's automatic pong: the peer outlived several intervals.
    await new Promise<void>((resolve) => {
      let pings = 0;
      ws.on('ping', () => ++pings === 3 && resolve());
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('limits simultaneous connections per user with 429', async () => {
    const a = await open(`${base}/ws/limited`);
    const b = await open(`${base}/ws/limited`);
    await expect(open(`${base}/ws/limited`)).rejects.toThrow('HTTP 429');
    a.close();
    await new Promise((r) => a.once('close', r));
    const c = await open(`${base}/ws/limited`);
    b.close();
    c.close();
  });

  it('requires a login where the route says so, and the route scope from tokens', async () => {
    await expect(open(`${base}/ws/private`)).rejects.toThrow('HTTP 401');
    const ok = await open(`${base}/ws/private`, { headers: { authorization: `Bearer ${account.token}` } });
    ok.close();
    await expect(open(`${base}/ws/scoped`, { headers: { authorization: `Bearer ${account.token}` } })).rejects.toThrow('HTTP 403');
  });
});
