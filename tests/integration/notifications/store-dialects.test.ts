import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../../src/lib/server/config';
import { closeDb } from '../../../src/lib/server/db/connection';
import { closeKysely, getKysely, prepareDatabase } from '../../../src/lib/server/db/database';
import { getCampaignView, insertCampaign } from '../../../src/lib/server/notifications/campaigns';
import { processChunk } from '../../../src/lib/server/notifications/deliver-chunk';
import { insertDeliveries, insertMessage, latestSeq, listInbox, markRead, unreadCount } from '../../../src/lib/server/notifications/inbox';
import type { ChunkJobData } from '../../../src/lib/server/notifications/jobs';
import { deleteWebhook, getWebhook, setWebhook } from '../../../src/lib/server/notifications/webhooks';
import { closeRedis } from '../../../src/lib/server/redis/client';
import { createTestDatabase, dropTestDatabase } from '../../helpers/postgres';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../../helpers/redis';

/**
 * The notification store does the same on SQLite and on Postgres: delivery
 * is idempotent (a chunk written twice adds no row and counts nothing twice),
 * seqs come back for users, reads, counts and webhooks behave alike. Each
 * backend runs in this process through getKysely(); Postgres is the
 * TEST_DATABASE_URL server, else the local one.
 */

const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const prefix = uniquePrefix('store-dialects');

/** A chunk job as BullMQ hands it to the processor (only the fields it reads). */
function chunkJob(data: ChunkJobData, attemptsMade = 0): Job<ChunkJobData> {
  return { data, attemptsMade, attemptsStarted: attemptsMade + 1, opts: { attempts: 3 } } as unknown as Job<ChunkJobData>;
}

async function openBackend(kind: 'sqlite' | 'postgres', dir: string): Promise<string | undefined> {
  await closeKysely();
  closeDb();
  const url = kind === 'postgres' ? await createTestDatabase(ADMIN_URL, 'notify_store') : undefined;
  process.env.DATA_DIR = dir;
  process.env.REDIS_URL = TEST_REDIS_URL;
  process.env.REDIS_PREFIX = prefix;
  if (url) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  resetConfigForTests();
  await prepareDatabase();
  return url;
}

afterAll(async () => {
  await closeRedis();
  await cleanupPrefix(prefix);
  delete process.env.DATABASE_URL;
  resetConfigForTests();
});

describe.each(['sqlite', 'postgres'] as const)('the notification store on %s', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `il-notify-store-${kind}-`));
  let url: string | undefined;
  let userId: number;

  beforeAll(async () => {
    url = await openBackend(kind, dir);
    const now = Date.now();
    const row = await getKysely()
      .insertInto('users')
      .values({ email: `store-${kind}@example.test`, password_hash: 'unusable', created_at: now, password_changed_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    userId = row.id;
  });

  afterAll(async () => {
    await closeKysely();
    closeDb();
    if (url) await dropTestDatabase(ADMIN_URL, url);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers to a user once, with seqs in order, and counts reads', async () => {
    const now = Date.now();
    await insertMessage({ id: 'm1', senderId: userId, title: 'Hello <b>', body: 'x', priority: 'high', createdAt: now });
    await insertMessage({ id: 'm1', senderId: userId, title: 'ignored', body: '', priority: 'low', createdAt: now });
    const deliveries = ['n1', 'n2', 'n3'].map((id) => ({ id, recipientId: userId, messageId: 'm1', enqueuedAt: now }));
    const first = await insertDeliveries(deliveries, now);
    expect(first.inserted).toBe(3);
    expect(first.fresh.map((f) => f.id)).toEqual(['n1', 'n2', 'n3']);
    expect(first.fresh[0]!.seq).toBeLessThan(first.fresh[2]!.seq);
    const again = await insertDeliveries(deliveries, now);
    expect(again).toEqual({ inserted: 0, fresh: [] });

    const page = await listInbox(userId, { limit: 2 });
    expect(page.map((i) => [i.id, i.title, i.priority])).toEqual([
      ['n3', 'Hello <b>', 'high'],
      ['n2', 'Hello <b>', 'high'],
    ]);
    expect((await listInbox(userId, { after: first.fresh[0]!.seq })).map((i) => i.id)).toEqual(['n2', 'n3']);
    expect(await latestSeq(userId)).toBe(first.fresh[2]!.seq);
    expect(await unreadCount(userId)).toBe(3);
    expect(await markRead(userId, ['n1', 'nope'])).toEqual(['n1']);
    expect(await markRead(userId, ['n1'])).toEqual([]);
    expect((await markRead(userId, 'all')).sort()).toEqual(['n2', 'n3']);
    expect(await unreadCount(userId)).toBe(0);
    expect(await latestSeq(-12345)).toBe(0);
  });

  it('counts a chunk that runs twice once, and finishes the campaign with its last chunk', async () => {
    const mix = { high: 0, normal: 1, low: 0 };
    const c = await insertCampaign({
      ownerId: userId,
      title: 'load',
      body: '',
      priority: 'normal',
      audience: 'synthetic',
      total: 1500,
      chunkSize: 1000,
      failureRate: 0,
      priorityMix: mix,
    });
    await getKysely().updateTable('notification_campaigns').set({ status: 'running', started_at: Date.now() }).where('id', '=', c.id).execute();
    const data = (chunk: number, from: number, to: number): ChunkJobData => ({
      campaignId: c.id,
      ownerId: userId,
      chunk,
      recipients: { kind: 'synthetic', from, to },
      priority: 'normal',
      failureRate: 0,
      enqueuedAt: c.createdAt,
    });
    expect(await processChunk(chunkJob(data(0, 0, 1000)))).toEqual({ inserted: 1000, failed: 0 });
    // A stalled job run again (another worker took it over): nothing new, nothing counted twice.
    expect(await processChunk(chunkJob(data(0, 0, 1000), 1))).toEqual({ inserted: 0, failed: 0 });
    expect((await getCampaignView(c.id))!).toMatchObject({ delivered: 1000, chunksFinished: 1, status: 'running' });
    expect(await processChunk(chunkJob(data(1, 1000, 1500)))).toEqual({ inserted: 500, failed: 0 });
    const done = (await getCampaignView(c.id))!;
    expect(done).toMatchObject({ delivered: 1500, chunksFinished: 2, status: 'done', failed: 0 });
    expect(done.finishedAt).not.toBeNull();
    const rows = await getKysely()
      .selectFrom('inbox')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('id').distinct().as('d')])
      .where('message_id', '=', c.messageId)
      .executeTakeFirstOrThrow();
    expect([Number(rows.n), Number(rows.d)]).toEqual([1500, 1500]);
  });

  it('keeps one webhook per user and replaces its secret', async () => {
    expect(await getWebhook(userId)).toBeNull();
    const a = await setWebhook(userId, 'http://127.0.0.1:9/a', 1000);
    const b = await setWebhook(userId, 'http://127.0.0.1:9/b', 2000);
    expect(b.secret).not.toBe(a.secret);
    expect(await getWebhook(userId)).toEqual({ url: 'http://127.0.0.1:9/b', secret: b.secret, createdAt: 2000 });
    expect(await deleteWebhook(userId)).toBe(true);
    expect(await deleteWebhook(userId)).toBe(false);
  });
});
