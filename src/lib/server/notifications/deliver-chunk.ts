import type { Job } from 'bullmq';
import type { Statement } from 'better-sqlite3';
import type { InboxItem, Priority } from '../../shared/notifications/types';
import { getDb, type Db } from '../db/connection';
import { getRedis } from '../redis/client';
import { campaignMessageId, finishIfComplete } from './campaigns';
import { insertDeliveries, type Delivery } from './inbox';
import { injectedFailure } from './injection';
import type { ChunkJobData } from './jobs';
import { publishItems } from './live';
import { recordDelivery } from './metrics';

/**
 * Worker side of one campaign chunk (up to 1,000 recipients): one SQLite
 * transaction writes the inbox rows, advances the campaign's counters by the
 * rows actually inserted, and records the chunk as finished when it is; a
 * rerun after a crash or a stall changes nothing it already did. Injected
 * failures (load tests) skip some recipients and make the job fail, so BullMQ
 * retries it with back-off; after the last attempt it waits in the
 * dead-letter view for a manual retry.
 */

interface MessageRow {
  title: string;
  body: string;
  priority: Priority;
  sender_id: number | null;
}

const cache = new WeakMap<Db, Record<'delivered' | 'chunkDone' | 'chunkFailed' | 'bumpFinished' | 'exists' | 'message', Statement>>();
function stmts(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = {
      delivered: db.prepare('UPDATE notification_campaigns SET delivered = delivered + ? WHERE id = ?'),
      chunkDone: db.prepare('INSERT OR IGNORE INTO notification_campaign_chunks (campaign_id, chunk, failed, finished_at) VALUES (?, ?, ?, ?)'),
      chunkFailed: db.prepare('UPDATE notification_campaign_chunks SET failed = ?, finished_at = ? WHERE campaign_id = ? AND chunk = ?'),
      bumpFinished: db.prepare('UPDATE notification_campaigns SET chunks_finished = chunks_finished + 1 WHERE id = ?'),
      exists: db.prepare('SELECT 1 FROM inbox WHERE id = ?').pluck(),
      message: db.prepare('SELECT title, body, priority, sender_id FROM notification_messages WHERE id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

function recipientsOf(d: ChunkJobData, db: Db): Array<{ index: number; recipientId: number; id: string }> {
  const r = d.recipients;
  const c = d.campaignId;
  if (r.kind === 'synthetic') {
    const out = new Array<{ index: number; recipientId: number; id: string }>(r.to - r.from);
    // Synthetic mailboxes are numbered -1, -2, ... so they never collide with user ids.
    for (let i = r.from; i < r.to; i++) out[i - r.from] = { index: i, recipientId: -(i + 1), id: `c${c}-${i}` };
    return out;
  }
  const ids =
    r.kind === 'users'
      ? r.userIds
      : (db.prepare('SELECT id FROM users WHERE id BETWEEN ? AND ? ORDER BY id').pluck().all(r.fromId, r.toId) as number[]);
  return ids.map((u) => ({ index: u, recipientId: u, id: `c${c}-u${u}` }));
}

/** Deliver one chunk; throws (so BullMQ retries) when injected failures left recipients undelivered. */
export async function processChunk(job: Job<ChunkJobData>): Promise<{ inserted: number; failed: number }> {
  const d = job.data;
  const db = getDb();
  const s = stmts(db);
  const attempt = job.attemptsMade;
  const lastAttempt = attempt + 1 >= (job.opts.attempts ?? 1);
  // The dice roll on every start, so a manual retry (which resets attemptsMade) gets fresh chances.
  const roll = Math.max(job.attemptsStarted - 1, attempt);
  const messageId = campaignMessageId(d.campaignId);
  const recipients = recipientsOf(d, db);
  const now = Date.now();

  const result = db
    .transaction(() => {
      const deliveries: Delivery[] = [];
      let failed = 0;
      for (const r of recipients) {
        // A recipient counts as failed only if this attempt fails it and no earlier one delivered it.
        if (injectedFailure(d.campaignId, r.index, roll, d.failureRate) && !s.exists.get(r.id)) failed++;
        else deliveries.push({ id: r.id, recipientId: r.recipientId, messageId, enqueuedAt: d.enqueuedAt });
      }
      const written = insertDeliveries(deliveries, now, db);
      if (written.inserted) s.delivered.run(written.inserted, d.campaignId);
      if (failed === 0 || lastAttempt) {
        if (s.chunkDone.run(d.campaignId, d.chunk, failed, now).changes === 1) s.bumpFinished.run(d.campaignId);
        else s.chunkFailed.run(failed, now, d.campaignId, d.chunk);
        finishIfComplete(d.campaignId, now, db);
      }
      return { ...written, failed };
    })
    .immediate();

  const redis = await getRedis();
  await recordDelivery(redis, result.inserted, d.priority, now - d.enqueuedAt, now);
  if (result.fresh.length) {
    const m = s.message.get(messageId) as MessageRow | undefined;
    if (m) {
      const items = result.fresh.map((f) => ({
        recipientId: f.recipientId,
        item: {
          id: f.id,
          seq: f.seq,
          title: m.title,
          body: m.body,
          priority: m.priority,
          senderId: m.sender_id,
          enqueuedAt: f.enqueuedAt,
          deliveredAt: now,
          readAt: null,
        } satisfies InboxItem,
      }));
      await publishItems(redis, items);
    }
  }
  if (result.failed > 0) {
    throw new Error(`${result.failed} of ${recipients.length} deliveries failed (injected failure, attempt ${attempt + 1})`);
  }
  return { inserted: result.inserted, failed: 0 };
}
