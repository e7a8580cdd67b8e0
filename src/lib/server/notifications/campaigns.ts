import type { CampaignView, Priority } from '../../shared/notifications/types';
import type { Selectable } from 'kysely';
import type { NotificationCampaignsTable } from '../db/schema';
import { getKysely } from '../db/database';
import { prepareQuery, writeTransaction, type Executor } from '../db/query';
import type { PriorityMix } from './injection';
import { insertMessage } from './inbox';

/**
 * Campaigns in the database: one row per campaign with exact counters that chunk
 * jobs advance inside their own delivery transaction, so a chunk that runs
 * twice never counts twice. A chunk row is written once it is finished
 * (delivered, or failed after its last attempt).
 */

/** A campaign row. */
export interface CampaignRecord {
  id: number;
  ownerId: number;
  messageId: string;
  audience: 'users' | 'synthetic';
  total: number;
  chunkSize: number;
  chunks: number;
  failureRate: number;
  priorityMix: PriorityMix;
  delivered: number;
  chunksFinished: number;
  status: 'queued' | 'running' | 'done';
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

// A campaign row as stored: derived from the schema, so the two cannot drift apart.
type CampaignRow = Selectable<NotificationCampaignsTable>;

function toRecord(r: CampaignRow): CampaignRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    messageId: r.message_id,
    audience: r.audience,
    total: r.total,
    chunkSize: r.chunk_size,
    chunks: r.chunks,
    failureRate: r.failure_rate,
    priorityMix: JSON.parse(r.priority_mix) as PriorityMix,
    delivered: r.delivered,
    chunksFinished: r.chunks_finished,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The message id a campaign's deliveries point at. */
export function campaignMessageId(campaignId: number): string {
  return `c${campaignId}`;
}

/** Create a campaign and its message in one transaction. */
export async function insertCampaign(
  c: {
    ownerId: number;
    title: string;
    body: string;
    priority: Priority;
    audience: 'users' | 'synthetic';
    total: number;
    chunkSize: number;
    failureRate: number;
    priorityMix: PriorityMix;
  },
  now = Date.now(),
): Promise<CampaignRecord> {
  return writeTransaction(async (trx) => {
    const chunks = Math.max(1, Math.ceil(c.total / c.chunkSize));
    const { id } = await trx
      .insertInto('notification_campaigns')
      .values({
        owner_id: c.ownerId,
        message_id: '',
        audience: c.audience,
        total: c.total,
        chunk_size: c.chunkSize,
        chunks,
        failure_rate: c.failureRate,
        priority_mix: JSON.stringify(c.priorityMix),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const messageId = campaignMessageId(id);
    await trx.updateTable('notification_campaigns').set({ message_id: messageId }).where('id', '=', id).execute();
    await insertMessage({ id: messageId, senderId: c.ownerId, title: c.title, body: c.body, priority: c.priority, createdAt: now }, trx);
    return (await getCampaign(id, trx))!;
  });
}

/** Undo a campaign whose fan-out job could not be queued (nothing else refers to it yet). */
export async function deleteCampaign(id: number): Promise<void> {
  await writeTransaction(async (trx) => {
    await trx.deleteFrom('notification_campaigns').where('id', '=', id).execute();
    await trx.deleteFrom('notification_messages').where('id', '=', campaignMessageId(id)).execute();
  });
}

/** One campaign by id. */
export async function getCampaign(id: number, db: Executor = getKysely()): Promise<CampaignRecord | null> {
  const row = await db.selectFrom('notification_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Record that fan-out began; fixes the total when it was only known then ("all" users). */
export async function markCampaignRunning(id: number, total: number, chunks: number, now = Date.now()): Promise<void> {
  await getKysely()
    .updateTable('notification_campaigns')
    .set((eb) => ({
      status: eb
        .case()
        .when('status', '=', 'queued')
        .then('running' as const)
        .else(eb.ref('status'))
        .end(),
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      total,
      chunks,
    }))
    .where('id', '=', id)
    .execute();
  // A campaign to zero users is finished as soon as it starts.
  if (chunks === 0) await finishIfComplete(id, now);
}

/** Mark the campaign done when every chunk has finished. */
export async function finishIfComplete(id: number, now = Date.now(), db: Executor = getKysely()): Promise<void> {
  await db
    .updateTable('notification_campaigns')
    .set({ status: 'done', finished_at: now })
    .where('id', '=', id)
    .where('status', '!=', 'done')
    .whereRef('chunks_finished', '>=', 'chunks')
    .execute();
}

const activeQuery = prepareQuery(2, (db, ownerId: number, since: number) =>
  db
    .selectFrom('notification_campaigns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', ownerId)
    .where('status', '!=', 'done')
    .where('created_at', '>', since),
);

/** Campaigns a user started that are not finished, created within the last hour. */
export async function activeCampaignCount(ownerId: number, now = Date.now()): Promise<number> {
  return Number((await activeQuery.first([ownerId, now - 3_600_000]))?.n ?? 0);
}

/** Add a campaign's progress to the view clients see (rate and ETA). */
export function toView(c: CampaignRecord, title: string, failed: number, now = Date.now()): CampaignView {
  const end = c.finishedAt ?? now;
  const seconds = c.startedAt ? Math.max((end - c.startedAt) / 1000, 0.001) : 0;
  const rate = seconds > 0 ? c.delivered / seconds : 0;
  const remaining = Math.max(c.total - c.delivered - failed, 0);
  return {
    id: c.id,
    ownerId: c.ownerId,
    title,
    audience: c.audience,
    total: c.total,
    delivered: c.delivered,
    failed,
    chunks: c.chunks,
    chunksFinished: c.chunksFinished,
    status: c.status,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    rate: Math.round(rate),
    etaSeconds: c.status === 'done' || rate <= 0 ? null : Math.ceil(remaining / rate),
  };
}

/** Campaigns joined with their title and failed count: the start of every view query. */
function views(db: Executor) {
  return db
    .selectFrom('notification_campaigns as c')
    .innerJoin('notification_messages as m', 'm.id', 'c.message_id')
    .selectAll('c')
    .select((eb) => [
      'm.title as title',
      eb
        .selectFrom('notification_campaign_chunks as k')
        .select((k) => k.fn.coalesce(k.fn.sum<number>('k.failed'), k.val(0)).as('f'))
        .whereRef('k.campaign_id', '=', 'c.id')
        .as('failed'),
    ]);
}

/** Recent campaigns (a user's own, or everyone's for `ownerId` null), newest first, with progress. */
export async function listCampaignViews(ownerId: number | null, limit = 10, now = Date.now(), db: Executor = getKysely()): Promise<CampaignView[]> {
  let q = views(db);
  if (ownerId !== null) q = q.where('c.owner_id', '=', ownerId);
  const rows = await q.orderBy('c.id', 'desc').limit(limit).execute();
  return rows.map((r) => toView(toRecord(r), r.title, Number(r.failed ?? 0), now));
}

/** One campaign with its progress, or null. */
export async function getCampaignView(id: number, now = Date.now(), db: Executor = getKysely()): Promise<CampaignView | null> {
  const row = await views(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toView(toRecord(row), row.title, Number(row.failed ?? 0), now) : null;
}
