import type { Job } from 'bullmq';
import type { InboxItem } from '../../shared/notifications/types';
import { changed, prepareQuery, writeTransaction, type Executor } from '../db/query';
import { getRedis } from '../redis/client';
import { campaignMessageId } from './campaigns';
import { insertDeliveries, type Delivery } from './inbox';
import { injectedFailure } from './injection';
import type { ChunkJobData } from './jobs';
import { publishItems } from './live';
import { recordDelivery } from './metrics';
import { userIdsBetween } from './recipients';

/**
 * Worker side of one campaign chunk (up to 1,000 recipients): one write
 * transaction writes the inbox rows, records the chunk as finished when it
 * is, and advances the campaign's counters by the rows actually inserted; a
 * rerun after a crash or a stall changes nothing it already did. The
 * campaign row is updated last, so on Postgres, where chunks commit in
 * parallel, its row lock is held only for the moment before COMMIT.
 * Injected failures (load tests) skip some recipients and make the job fail,
 * so BullMQ retries it with back-off; after the last attempt it waits in the
 * dead-letter view for a manual retry.
 */

interface Recipient {
  index: number;
  recipientId: number;
  id: string;
}

async function recipientsOf(d: ChunkJobData): Promise<Recipient[]> {
  const r = d.recipients;
  const c = d.campaignId;
  if (r.kind === 'synthetic') {
    const out = new Array<Recipient>(r.to - r.from);
    // Synthetic mailboxes are numbered -1, -2, ... so they never collide with user ids.
    for (let i = r.from; i < r.to; i++) out[i - r.from] = { index: i, recipientId: -(i + 1), id: `c${c}-${i}` };
    return out;
  }
  const ids = r.kind === 'users' ? r.userIds : await userIdsBetween(r.fromId, r.toId);
  return ids.map((u) => ({ index: u, recipientId: u, id: `c${c}-u${u}` }));
}

const chunkDone = prepareQuery(4, (db, campaignId: number, chunk: number, failed: number, now: number) =>
  db
    .insertInto('notification_campaign_chunks')
    .values({ campaign_id: campaignId, chunk, failed, finished_at: now })
    .onConflict((oc) => oc.columns(['campaign_id', 'chunk']).doNothing()),
);

const chunkFailed = prepareQuery(4, (db, campaignId: number, chunk: number, failed: number, now: number) =>
  db.updateTable('notification_campaign_chunks').set({ failed, finished_at: now }).where('campaign_id', '=', campaignId).where('chunk', '=', chunk),
);

/** Add `delivered` rows and `finished` chunks (0 or 1) to a campaign, and mark it done when that was its last chunk. */
const advanceCampaign = prepareQuery(4, (db, id: number, delivered: number, finished: number, now: number) =>
  db
    .updateTable('notification_campaigns')
    .set((eb) => {
      const complete = eb(eb('chunks_finished', '+', finished), '>=', eb.ref('chunks'));
      return {
        delivered: eb('delivered', '+', delivered),
        chunks_finished: eb('chunks_finished', '+', finished),
        status: eb
          .case()
          .when(complete)
          .then('done' as const)
          .else(eb.ref('status'))
          .end(),
        finished_at: eb
          .case()
          .when(eb.and([eb('status', '!=', 'done'), complete]))
          .then(now)
          .else(eb.ref('finished_at'))
          .end(),
      };
    })
    .where('id', '=', id),
);

const messageQuery = prepareQuery(1, (db, id: string) =>
  db.selectFrom('notification_messages').select(['title', 'body', 'priority', 'sender_id']).where('id', '=', id),
);

/** Which of `ids` an earlier attempt already delivered. */
async function alreadyDelivered(ids: string[], trx: Executor): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await trx.selectFrom('inbox').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Deliver one chunk; throws (so BullMQ retries) when injected failures left recipients undelivered. */
export async function processChunk(job: Job<ChunkJobData>): Promise<{ inserted: number; failed: number }> {
  const d = job.data;
  const attempt = job.attemptsMade;
  const lastAttempt = attempt + 1 >= (job.opts.attempts ?? 1);
  // The dice roll on every start, so a manual retry (which resets attemptsMade) gets fresh chances.
  const roll = Math.max(job.attemptsStarted - 1, attempt);
  const messageId = campaignMessageId(d.campaignId);
  const recipients = await recipientsOf(d);
  const unlucky = recipients.filter((r) => injectedFailure(d.campaignId, r.index, roll, d.failureRate));
  const now = Date.now();

  const result = await writeTransaction(async (trx) => {
    // A recipient counts as failed only if this attempt fails it and no earlier one delivered it.
    const earlier = await alreadyDelivered(
      unlucky.map((r) => r.id),
      trx,
    );
    const skip = new Set(unlucky.map((r) => r.id));
    const deliveries: Delivery[] = [];
    let failed = 0;
    for (const r of recipients) {
      if (!skip.has(r.id)) deliveries.push({ id: r.id, recipientId: r.recipientId, messageId, enqueuedAt: d.enqueuedAt });
      else if (!earlier.has(r.id)) failed++;
    }
    const written = await insertDeliveries(deliveries, now, trx);
    let finished = 0;
    if (failed === 0 || lastAttempt) {
      if (changed(await chunkDone.result([d.campaignId, d.chunk, failed, now], trx)) === 1) finished = 1;
      else await chunkFailed.result([d.campaignId, d.chunk, failed, now], trx);
    }
    if (written.inserted || finished) await advanceCampaign.result([d.campaignId, written.inserted, finished, now], trx);
    return { ...written, failed };
  });

  const redis = await getRedis();
  await recordDelivery(redis, result.inserted, d.priority, now - d.enqueuedAt, now);
  if (result.fresh.length) {
    const m = await messageQuery.first([messageId]);
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
