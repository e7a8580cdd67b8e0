import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { freePort } from '../helpers/net';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { api, until } from './notifications/helpers';

/**
 * The logs of real portal processes (a web process and a worker) are ones a
 * person can debug from: an error line carries its stack and its cause, the
 * id of the request that started the work is on every line the work writes
 * (in the web process, in the worker, in a WebSocket's messages), and a
 * secret in what is logged comes out redacted.
 */

interface Line {
  level: string;
  msg: string;
  proc?: string;
  reqId?: string;
  [k: string]: unknown;
}

interface LoggedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: LoggedError;
}

let portal: PortalProcess;
let alice: TestAccount;

beforeAll(async () => {
  portal = await startPortal({ workers: 1, env: { TRUST_PROXY: '1', LOG_LEVEL: 'debug' } });
  alice = await createAccount(portal.dataDir);
});
afterAll(async () => {
  await portal?.stop();
});

function lines(): Line[] {
  return portal
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{"level"'))
    .map((l) => JSON.parse(l) as Line);
}

describe('logs of a real portal', () => {
  it('follow a request into the worker: the failed webhook job logs its stack and cause, the secret in its URL redacted', async () => {
    const secret = `hooksecret${randomBytes(8).toString('hex')}`;
    const closedPort = await freePort();
    const hook = await api(portal.url, alice.token, 'PUT', '/api/notifications/webhook', {
      url: `http://127.0.0.1:${closedPort}/hook?token=${secret}`,
    });
    expect(hook.status).toBe(200);
    const reqId = `logs-${randomBytes(6).toString('hex')}`;
    const sent = await api(
      portal.url,
      alice.token,
      'POST',
      '/api/notifications',
      { recipient: 'me', title: 'to a closed port', channels: ['inbox', 'webhook'] },
      { 'x-request-id': reqId },
    );
    expect(sent.status).toBe(202);

    const failed = await until(() => lines().find((l) => l.msg === 'job failed' && l.queue === 'webhooks'), 20_000, 'the webhook job failing');
    // The worker's line names the web request that queued the notification two jobs earlier.
    expect(failed).toMatchObject({ proc: 'worker', level: 'warn', reqId });
    const err = failed.err as LoggedError;
    expect(err.stack).toMatch(/^Error: .+\n\s+at /);
    expect(err.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(err.cause!.message).toContain(String(closedPort));
    expect(err.cause!.stack).toMatch(/ECONNREFUSED[^\n]*\n\s+at /);

    const unreachable = lines().find((l) => l.msg === 'webhook unreachable')!;
    expect(unreachable).toMatchObject({ proc: 'worker', reqId, url: `http://127.0.0.1:${closedPort}/hook?token=[redacted]` });
    const web = lines().filter((l) => l.proc === 'web' && l.reqId === reqId);
    expect(web.map((l) => l.msg)).toContain('request');
    expect(portal.output()).not.toContain(secret);
  });

  it("keep a WebSocket connection's request id on the lines its messages cause", async () => {
    const ws = new WebSocket(`${portal.url.replace('http', 'ws')}/ws/echo`, { headers: { authorization: `Bearer ${alice.token}` } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    // Past the route's 64 KiB limit: the server's socket emits an error while handling this message.
    ws.send('x'.repeat(70 * 1024));
    expect(await closed).toBe(1009);

    const connected = await until(() => lines().find((l) => l.msg === 'websocket connected' && l.route === 'echo'), 10_000, 'the connect line');
    const socketError = await until(() => lines().find((l) => l.msg === 'socket error' && l.route === 'echo'), 10_000, 'the socket error line');
    expect(connected.reqId).toMatch(/^[\w-]{8,}$/);
    expect(socketError.reqId).toBe(connected.reqId);
    expect((socketError.err as LoggedError).stack).toMatch(/\n\s+at /);
  });

  it('stay JSON lines when a reader asks for a lesson that does not exist', async () => {
    const before = portal.output().length;
    const res = await fetch(`${portal.url}/lessons/no-such-lesson`, { headers: { cookie: alice.cookie } });
    expect(res.status).toBe(404);
    const logged = await until(
      () => {
        const text = portal.output().slice(before);
        return /"path":"\/lessons\/no-such-lesson"/.test(text) ? text : null;
      },
      10_000,
      'the request line',
    );
    // Every line is JSON (Astro's getEntry printed a plain "was not found" line here before).
    for (const line of logged.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
  });
});
