import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait';
import { startApiPortal, type ApiPortal } from './apis/support';

/**
 * SIGTERM under keep-alive load (http/drain.ts): answers in flight finish,
 * every connection closes as soon as it is idle (before the grace period's
 * cut-off has to close any), and the process exits 0. Before,
 * server.close() waited for connections that keep-alive clients held open
 * after their last answer, until the 10 s forced exit 1 (found by a review
 * helper; 200 connections or POST load showed it).
 */

let p: ApiPortal | undefined;
afterEach(async () => {
  await p?.portal.stop();
  p = undefined;
});

describe('SIGTERM under keep-alive load', () => {
  it.each([
    ['GET', 200],
    ['POST', 64],
  ] as const)(
    'with %s requests on %i connections exits 0, each connection closed as soon as it is idle',
    async (method, connections) => {
      p = await startApiPortal();
      const u = new URL(p.portal.url);
      const body = '{"userId":1,"title":"t"}';
      const request =
        method === 'POST'
          ? `POST /api/rest/todos HTTP/1.1\r\nhost: ${u.host}\r\nauthorization: Bearer ${p.account.token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`
          : `GET /api/rest/todos/1 HTTP/1.1\r\nhost: ${u.host}\r\nauthorization: Bearer ${p.account.token}\r\n\r\n`;
      let sending = true;
      let answered = 0;
      // Keep-alive clients (an nginx upstream pool, a load generator): one request at a time, the next when the answer is in.
      const sockets = Array.from({ length: connections }, () => {
        const s = net.connect(Number(u.port), u.hostname, () => s.write(request));
        s.on('data', (d: Buffer) => {
          answered += d.toString('latin1').split('HTTP/1.1 ').length - 1;
          if (sending) s.write(request);
        });
        s.on('error', () => undefined);
        return s;
      });
      // Load in flight before the signal, however busy the machine (a fixed wait saw 29 POSTs on a loaded one).
      await until(() => answered > 50, 20_000, 'answers under load');
      const child = p.portal.child;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      // The clients send nothing more but keep their idle connections open, as a keep-alive pool does.
      sending = false;
      const code = await exited;
      await new Promise((r) => setTimeout(r, 100));
      const open = sockets.filter((s) => !s.readableEnded && !s.destroyed).length;
      for (const s of sockets) s.destroy();
      // Every connection closed as it went idle: the grace period's cut-off (5 s) never had to close one.
      const cutOff = p.portal.output().includes('grace period over');
      expect({ code, cutOff, open }).toEqual({ code: 0, cutOff: false, open: 0 });
    },
    30_000,
  );
});
