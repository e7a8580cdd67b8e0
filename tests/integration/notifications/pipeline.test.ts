import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { portalRows, portalValue } from '../../helpers/portal-db';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { listPythonTabs, pythonHas, runPython } from '../../helpers/python-tabs';
import { TEST_REDIS_URL } from '../../helpers/redis';
import { api, openInbox, until } from './helpers';

/**
 * The pipeline end to end on real Redis and SQLite: a send reaches the inbox
 * and the socket, campaigns fan out and finish, priorities order the queue,
 * live delivery crosses web processes, and a reconnecting client catches up.
 */

let portal: PortalProcess;
let alice: TestAccount;
let admin: TestAccount;

/** The portal database, read-only. */
/** Rows of a query on the portal database (SQLite or Postgres). */
function dbRows<T>(text: string, ...params: unknown[]): Promise<T[]> {
  return portalRows<T>(portal.dataDir, text, params);
}

/** The first value of a query on the portal database. */
function dbValue<T = number>(text: string, ...params: unknown[]): Promise<T | undefined> {
  return portalValue<T>(portal.dataDir, text, params);
}

async function campaignDone(token: string, id: number) {
  return until(
    async () => {
      const c = await api(portal.url, token, 'GET', `/api/notifications/campaigns/${id}`);
      return c.body.campaign.status === 'done' ? c.body.campaign : null;
    },
    30_000,
    `campaign ${id} done`,
  );
}

beforeAll(async () => {
  portal = await startPortal({ workers: 1, env: { ADMIN_EMAILS: 'boss@example.test' } });
  alice = await createAccount(portal.dataDir);
  admin = await createAccount(portal.dataDir, { email: 'boss@example.test' });
});
afterAll(async () => {
  await portal?.stop();
});

describe('notification pipeline', () => {
  it('delivers a notification to the inbox and pushes it over the socket', async () => {
    const inbox = await openInbox(portal.url, alice.token, 0);
    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', {
      recipient: 'me',
      title: 'Hello',
      body: 'First one',
      priority: 'high',
    });
    expect(sent.status).toBe(202);
    const pushed = await inbox.waitFor((m) => m.type === 'notification' && m.item.id === sent.body.id);
    expect(pushed.type === 'notification' && pushed.item.title).toBe('Hello');
    const list = await api(portal.url, alice.token, 'GET', '/api/notifications');
    expect(list.body.items[0]).toMatchObject({ id: sent.body.id, title: 'Hello', body: 'First one', priority: 'high', readAt: null });
    expect(list.body.unread).toBe(1);
    // The sender sees the job's timeline: queued, taken by a worker, finished (the lesson splits wait and work with it).
    const job = await until(async () => {
      const j = (await api(portal.url, alice.token, 'GET', `/api/queue/jobs/${sent.body.id}`)).body.job;
      return j.state === 'completed' ? j : null;
    });
    expect(job.startedAt).toBeGreaterThanOrEqual(job.createdAt);
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt);
    const read = await api(portal.url, alice.token, 'POST', '/api/notifications/read', { ids: [sent.body.id] });
    expect(read.body).toEqual({ marked: 1, unread: 0 });
    await inbox.waitFor((m) => m.type === 'read');
    await inbox.close();
  });

  it('runs a synthetic campaign to completion, counting every recipient once', async () => {
    const res = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 2500 } });
    expect(res.status).toBe(202);
    const id = res.body.campaign.id as number;
    const done = await campaignDone(alice.token, id);
    expect(done).toMatchObject({ total: 2500, delivered: 2500, failed: 0, chunks: 3, chunksFinished: 3 });
    const rows = await dbRows(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM inbox WHERE message_id = ?`, `c${id}`);
    expect(rows).toEqual([{ n: 2500, d: 2500 }]);
  });

  it('sends a campaign to real users, live to those online', async () => {
    const bob = await createAccount(portal.dataDir);
    const inbox = await openInbox(portal.url, bob.token, 0);
    const res = await api(portal.url, admin.token, 'POST', '/api/notifications/campaigns', {
      title: 'Maintenance tonight',
      recipients: [bob.user.id, alice.user.id],
    });
    expect(res.status).toBe(202);
    await campaignDone(admin.token, res.body.campaign.id);
    const m = await inbox.waitFor((x) => x.type === 'notification' && x.item.title === 'Maintenance tonight');
    expect(m.type === 'notification' && m.item.senderId).toBe(admin.user.id);
    await inbox.close();
  });

  it('takes high priority first: paused sends are taken high, normal, low, and all delivered', async () => {
    expect((await api(portal.url, admin.token, 'POST', '/api/queue/pause')).body).toEqual({ paused: true });
    const ids: Record<string, string> = {};
    for (const priority of ['low', 'normal', 'high'] as const) {
      ids[priority] = (
        await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: `p-${priority}`, priority })
      ).body.id;
    }
    const paused = await api(portal.url, admin.token, 'GET', '/api/queue/stats');
    expect(paused.body.paused).toBe(true);
    await api(portal.url, admin.token, 'POST', '/api/queue/resume');
    await until(async () => (await dbValue<number>(`SELECT COUNT(*) FROM inbox WHERE id IN (?, ?, ?)`, ids.low, ids.normal, ids.high)) === 3);
    // The order the worker took them, from BullMQ's own event stream. Not the inbox order: a worker runs
    // several jobs at once, and on Postgres their transactions may commit in any order.
    const client = createClient({ url: TEST_REDIS_URL });
    await client.connect();
    try {
      const events = await client.xRange(`{${portal.redisPrefix}}:notifications:events`, '-', '+');
      const taken = events.filter((e) => e.message.event === 'active').map((e) => e.message.jobId);
      const position = (id: string | undefined) => taken.indexOf(id);
      expect(position(ids.high)).toBeGreaterThanOrEqual(0);
      expect(position(ids.high)).toBeLessThan(position(ids.normal));
      expect(position(ids.normal)).toBeLessThan(position(ids.low));
    } finally {
      await client.close();
    }
  });

  it('lets a high-priority notification overtake a running campaign', async () => {
    const res = await api(portal.url, admin.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 100_000 }, priority: 'low' });
    const id = res.body.campaign.id as number;
    // Once fan-out has queued the chunks, send one urgent notification.
    await until(async () => (await dbValue<string>('SELECT status FROM notification_campaigns WHERE id = ?', id)) !== 'queued', 20_000, 'fan-out');
    const urgent = await api(portal.url, admin.token, 'POST', '/api/notifications', { recipient: 'me', title: 'urgent', priority: 'high' });
    const seq = await until(() => dbValue('SELECT seq FROM inbox WHERE id = ?', urgent.body.id));
    await campaignDone(admin.token, id);
    const after = await dbValue('SELECT COUNT(*) FROM inbox WHERE message_id = ? AND seq > ?', `c${id}`, seq);
    // Delivered while most of the campaign was still waiting, not after it.
    expect(after).toBeGreaterThan(10_000);
  });

  it('pushes across web processes through Redis pub/sub', async () => {
    const second = await portal.startWeb();
    const inbox = await openInbox(second.url, alice.token, 0);
    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: 'via the other web process' });
    const m = await inbox.waitFor((x) => x.type === 'notification' && x.item.id === sent.body.id);
    expect(m.type === 'notification' && m.item.title).toBe('via the other web process');
    await inbox.close();
  });

  it('catches a reconnecting client up on what it missed, in order, then goes live', async () => {
    const first = await openInbox(portal.url, alice.token);
    const sync = first.messages[0]!;
    expect(sync.type).toBe('sync');
    const cursor = sync.type === 'sync' ? sync.latestSeq : 0;
    await first.close();
    const missed: string[] = [];
    for (let i = 0; i < 3; i++)
      missed.push((await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: `missed ${i}` })).body.id);
    await until(async () => (await dbValue(`SELECT COUNT(*) FROM inbox WHERE id IN (?, ?, ?)`, ...missed)) === 3);
    // Workers deliver concurrently, so "in order" is the inbox's order (seq), not the sending order.
    const inboxOrder = (await dbRows<{ id: string }>('SELECT id FROM inbox WHERE id IN (?, ?, ?) ORDER BY seq', ...missed)).map((r) => r.id);
    expect([...inboxOrder].sort()).toEqual([...missed].sort());
    const again = await openInbox(portal.url, alice.token, cursor);
    const caught = again.messages[0]!;
    expect(caught.type === 'sync' && caught.items.map((i) => i.id)).toEqual(inboxOrder);
    const live = await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: 'live again' });
    await again.waitFor((x) => x.type === 'notification' && x.item.id === live.body.id);
    // The same catch-up over plain HTTP.
    const page = await api(portal.url, alice.token, 'GET', `/api/notifications?after=${cursor}`);
    expect(page.body.items.slice(0, 3).map((i: { id: string }) => i.id)).toEqual(inboxOrder);
    await again.close();
  });

  it('shows the queue snapshot with campaigns, workers and the admin flag', async () => {
    const stats = await api(portal.url, alice.token, 'GET', '/api/queue/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.redis.ok).toBe(true);
    expect(stats.body.workers.length).toBe(1);
    expect(stats.body.campaigns.every((c: { ownerId: number }) => c.ownerId === alice.user.id)).toBe(true);
    expect(stats.body.throughput.points.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    expect(stats.body.latency.high.samples).toBeGreaterThan(0);
    expect(stats.body.admin).toBe(false);
    expect((await api(portal.url, alice.token, 'POST', '/api/queue/pause')).status).toBe(403);
    const adminStats = await api(portal.url, admin.token, 'GET', '/api/queue/stats');
    expect(adminStats.body.admin).toBe(true);
  });

  it('keeps Redis bounded: finished jobs are removed and the event stream is trimmed', async () => {
    const client = createClient({ url: TEST_REDIS_URL });
    await client.connect();
    try {
      const base = `{${portal.redisPrefix}}:notifications`;
      expect(await client.hGet(`${base}:meta`, 'opts.maxLenEvents')).toBe('2000');
      // 100,000+ deliveries went through this queue; the stream holds about 2,000 events.
      expect(await client.xLen(`${base}:events`)).toBeLessThan(3000);
      expect(await client.zCard(`${base}:completed`)).toBeLessThanOrEqual(1000);
    } finally {
      await client.close();
    }
  });

  it("runs the lesson's Python tabs against the portal", async () => {
    expect(pythonHas(['requests'])).toBe(true);
    const tabs = listPythonTabs('src/content/lessons/a2-million-notifications.md');
    expect(tabs.map((t) => t.cellId)).toEqual(['send', 'campaign', 'production-metrics']);
    const printed: Record<string, RegExp> = {
      send: /^202 n/,
      campaign: /10000 delivered, \d+ notifications\/s/,
      'production-metrics':
        /^waiting \d+, active \d+, delayed \d+, failed \d+\nworkers alive [1-9]\d*, failed attempts \d+ of \d+\nhigh-priority p99: /,
    };
    for (const tab of tabs) {
      const r = await runPython(tab.code, { IL_URL: portal.url, IL_TOKEN: alice.token });
      expect([tab.cellId, r.code, r.stderr]).toEqual([tab.cellId, 0, '']);
      expect(r.stdout).toMatch(printed[tab.cellId]!);
    }
  });
});
