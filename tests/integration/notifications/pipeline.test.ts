import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, dbFile, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { api, openInbox, until } from './helpers';

/**
 * The pipeline end to end on real Redis and SQLite: a send reaches the inbox
 * and the socket, campaigns fan out and finish, priorities order the queue.
 */

let portal: PortalProcess;
let alice: TestAccount;
let admin: TestAccount;

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
    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: 'Hello', body: 'First one', priority: 'high' });
    expect(sent.status).toBe(202);
    const pushed = await inbox.waitFor((m) => m.type === 'notification' && m.item.id === sent.body.id);
    expect(pushed.type === 'notification' && pushed.item.title).toBe('Hello');
    const list = await api(portal.url, alice.token, 'GET', '/api/notifications');
    expect(list.body.items[0]).toMatchObject({ id: sent.body.id, title: 'Hello', body: 'First one', priority: 'high', readAt: null });
    expect(list.body.unread).toBe(1);
    const read = await api(portal.url, alice.token, 'POST', '/api/notifications/read', { ids: [sent.body.id] });
    expect(read.body).toEqual({ marked: 1, unread: 0 });
    await inbox.waitFor((m) => m.type === 'read');
    await inbox.close();
  });

  it('runs a synthetic campaign to completion, counting every recipient once', async () => {
    const res = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 2500 } });
    expect(res.status).toBe(202);
    const id = res.body.campaign.id as number;
    const done = await until(async () => {
      const c = await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${id}`);
      return c.body.campaign.status === 'done' ? c.body.campaign : null;
    }, 30_000, 'campaign done');
    expect(done).toMatchObject({ total: 2500, delivered: 2500, failed: 0, chunks: 3, chunksFinished: 3 });
    const db = new Database(dbFile(portal.dataDir), { readonly: true });
    const rows = db.prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM inbox WHERE message_id = ?`).get(`c${id}`) as { n: number; d: number };
    db.close();
    expect(rows).toEqual({ n: 2500, d: 2500 });
  });

  it('shows the queue snapshot with the campaign', async () => {
    const stats = await api(portal.url, alice.token, 'GET', '/api/queue/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.redis.ok).toBe(true);
    expect(stats.body.workers.length).toBe(1);
    expect(stats.body.campaigns.length).toBeGreaterThan(0);
    expect(stats.body.admin).toBe(false);
    const adminStats = await api(portal.url, admin.token, 'GET', '/api/queue/stats');
    expect(adminStats.body.admin).toBe(true);
  });
});
