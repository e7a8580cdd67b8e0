import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalExec } from '../../helpers/portal-db';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { api, openPortalQueues, until } from '../notifications/helpers';
import { localNames, safeWebhookHostForms } from '../../unit/security/ssrf-corpus';
import { makeCallers, startProductionPortal, type Callers } from './support';

/**
 * Hole 3 (high): SSRF through webhooks. In production no spelling of a
 * private address is accepted when the URL is saved; one planted straight in
 * the database (as if DNS had changed since) is refused again before the
 * worker connects, and a listener on 127.0.0.1 hears nothing. Users see one
 * generic failure text. A lesson token cannot set the webhook at all, and a
 * retried call never follows the user to a URL set after it was queued.
 */

interface Listener {
  url: string;
  port: number;
  hits: string[];
  status: number;
  close(): Promise<void>;
}

async function listen(status = 204): Promise<Listener> {
  const hits: string[] = [];
  const l = { status } as Listener;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push(body);
      res.writeHead(l.status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(l, {
    url: `http://127.0.0.1:${port}/`,
    port,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  });
}

function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

describe('webhooks in production', () => {
  let portal: PortalProcess;
  let callers: Callers;
  let listener: Listener;

  beforeAll(async () => {
    [portal, listener] = await Promise.all([startProductionPortal(1), listen()]);
    callers = await makeCallers(portal.dataDir);
  }, 60_000);
  afterAll(async () => {
    await portal?.stop();
    await listener?.close();
  });

  it('refuses every spelling of a private address, and local names, when the URL is saved', async () => {
    for (const form of [...safeWebhookHostForms, ...localNames]) {
      for (const url of [form, withPort(form, listener.port)]) {
        const res = await api(portal.url, callers.token, 'PUT', '/api/notifications/webhook', { url });
        expect(res.status, url).toBe(400);
        expect(res.body.error.fields.url, url).toMatch(/public host|could not be resolved/);
      }
    }
    expect((await api(portal.url, callers.token, 'GET', '/api/notifications/webhook')).status).toBe(404);
  });

  it('accepts a public IP literal from a personal token (saved only; nothing is sent to it)', async () => {
    const res = await api(portal.url, callers.token, 'PUT', '/api/notifications/webhook', { url: 'https://8.8.8.8/hook' });
    expect(res.status).toBe(200);
    expect((await api(portal.url, callers.token, 'DELETE', '/api/notifications/webhook')).status).toBe(204);
  });

  it('never lets a lesson token read or change the webhook', async () => {
    for (const [method, body] of [['GET'], ['PUT', { url: 'https://8.8.8.8/' }], ['DELETE']] as const) {
      const res = await api(portal.url, callers.lessonToken, method, '/api/notifications/webhook', body);
      expect(res.status, method).toBe(403);
    }
  });

  it('checks a planted private URL again before connecting, and says only "webhook delivery failed"', async () => {
    const planted = [
      `http://[::ffff:127.0.0.1]:${listener.port}/`,
      `http://[::ffff:7f00:1]:${listener.port}/`,
      `http://127.1:${listener.port}/`,
      `http://[::127.0.0.1]:${listener.port}/`,
    ];
    const queues = await openPortalQueues(portal);
    try {
      for (const url of planted) {
        await portalExec(
          portal.dataDir,
          `INSERT INTO notification_webhooks (user_id, url, secret, created_at) VALUES (?, ?, 'whsec_x', ?) ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, created_at = excluded.created_at`,
          [callers.account.user.id, new URL(url).toString(), Date.now()],
        );
        const sent = await api(portal.url, callers.token, 'POST', '/api/notifications', {
          recipient: 'me',
          title: 'ssrf probe',
          channels: ['inbox', 'webhook'],
        });
        expect(sent.status).toBe(202);
        const job = await until(() => queues.queue('webhooks').getJob(`wh-${sent.body.id}`), 15_000, 'webhook job');
        await until(async () => (await job.getState()) === 'failed', 15_000, 'webhook job failed');
        const failed = await queues.queue('webhooks').getJob(job.id!);
        expect(failed!.failedReason).toBe('webhook delivery failed');
      }
      expect(listener.hits).toEqual([]);
    } finally {
      await queues.close();
    }
  }, 90_000);
});

describe('a retried webhook call', () => {
  let portal: PortalProcess;
  let callers: Callers;
  let first: Listener;
  let second: Listener;

  beforeAll(async () => {
    // Outside production, so local receivers are allowed and the test needs no public host.
    [portal, first, second] = await Promise.all([startPortal({ workers: 1 }), listen(500), listen(204)]);
    callers = await makeCallers(portal.dataDir);
  }, 60_000);
  afterAll(async () => {
    await portal?.stop();
    await first?.close();
    await second?.close();
  });

  it('goes only to the URL it was queued for, never to one set later', async () => {
    expect((await api(portal.url, callers.token, 'PUT', '/api/notifications/webhook', { url: first.url })).status).toBe(200);
    const sent = await api(portal.url, callers.token, 'POST', '/api/notifications', {
      recipient: 'me',
      title: 'moving target',
      channels: ['inbox', 'webhook'],
    });
    await until(() => first.hits.length >= 1, 15_000, 'first attempt');
    // The receiver failed (500), so a retry is due; the user now points the webhook elsewhere.
    expect((await api(portal.url, callers.token, 'PUT', '/api/notifications/webhook', { url: second.url })).status).toBe(200);
    const queues = await openPortalQueues(portal);
    try {
      const job = await until(() => queues.queue('webhooks').getJob(`wh-${sent.body.id}`), 15_000, 'webhook job');
      await until(async () => (await job.getState()) === 'completed', 20_000, 'retry finished');
      expect((await queues.queue('webhooks').getJob(job.id!))!.returnvalue).toEqual({ skipped: 'the webhook changed after this call was queued' });
    } finally {
      await queues.close();
    }
    expect(second.hits).toEqual([]);
  }, 60_000);
});
