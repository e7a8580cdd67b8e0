import type { CampaignView, Priority } from '../../shared/notifications/types';
import { getDb, type Db } from '../db/connection';
import type { PriorityMix } from './injection';
import { insertMessage } from './inbox';

/**
 * Campaigns in SQLite: one row per campaign with exact counters that chunk
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

interface CampaignRow {
  id: number;
  owner_id: number;
  message_id: string;
  audience: 'users' | 'synthetic';
  total: number;
  chunk_size: number;
  chunks: number;
  failure_rate: number;
  priority_mix: string;
  delivered: number;
  chunks_finished: number;
  status: 'queued' | 'running' | 'done';
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

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
export function insertCampaign(
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
  db: Db = getDb(),
): CampaignRecord {
  return db
    .transaction(() => {
      const chunks = Math.max(1, Math.ceil(c.total / c.chunkSize));
      const r = db
        .prepare(
          `INSERT INTO notification_campaigns (owner_id, message_id, audience, total, chunk_size, chunks, failure_rate, priority_mix, created_at)
         VALUES (?, '', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.ownerId, c.audience, c.total, c.chunkSize, chunks, c.failureRate, JSON.stringify(c.priorityMix), now);
      const id = Number(r.lastInsertRowid);
      const messageId = campaignMessageId(id);
      db.prepare('UPDATE notification_campaigns SET message_id = ? WHERE id = ?').run(messageId, id);
      insertMessage({ id: messageId, senderId: c.ownerId, title: c.title, body: c.body, priority: c.priority, createdAt: now }, db);
      return getCampaign(id, db)!;
    })
    .immediate();
}

/** Undo a campaign whose fan-out job could not be queued (nothing else refers to it yet). */
export function deleteCampaign(id: number, db: Db = getDb()): void {
  db.transaction(() => {
    db.prepare('DELETE FROM notification_campaigns WHERE id = ?').run(id);
    db.prepare('DELETE FROM notification_messages WHERE id = ?').run(campaignMessageId(id));
  })();
}

/** One campaign by id. */
export function getCampaign(id: number, db: Db = getDb()): CampaignRecord | null {
  const row = db.prepare('SELECT * FROM notification_campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
  return row ? toRecord(row) : null;
}

/** Record that fan-out began; fixes the total when it was only known then ("all" users). */
export function markCampaignRunning(id: number, total: number, chunks: number, now = Date.now(), db: Db = getDb()): void {
  db.prepare(
    `UPDATE notification_campaigns SET status = CASE WHEN status = 'queued' THEN 'running' ELSE status END,
       started_at = COALESCE(started_at, ?), total = ?, chunks = ? WHERE id = ?`,
  ).run(now, total, chunks, id);
  // A campaign to zero users is finished as soon as it starts.
  if (chunks === 0) finishIfComplete(id, now, db);
}

/** Mark the campaign done when every chunk has finished. */
export function finishIfComplete(id: number, now = Date.now(), db: Db = getDb()): void {
  db.prepare(
    `UPDATE notification_campaigns SET status = 'done', finished_at = ? WHERE id = ? AND status != 'done' AND chunks_finished >= chunks`,
  ).run(now, id);
}

/** Campaigns a user started that are not finished, created within the last hour. */
export function activeCampaignCount(ownerId: number, now = Date.now(), db: Db = getDb()): number {
  return db
    .prepare(`SELECT COUNT(*) FROM notification_campaigns WHERE owner_id = ? AND status != 'done' AND created_at > ?`)
    .pluck()
    .get(ownerId, now - 3_600_000) as number;
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

/** Recent campaigns (a user's own, or everyone's for `ownerId` null), newest first, with progress. */
export function listCampaignViews(ownerId: number | null, limit = 10, now = Date.now(), db: Db = getDb()): CampaignView[] {
  const rows = db
    .prepare(
      `SELECT c.*, m.title AS title,
         (SELECT COALESCE(SUM(failed), 0) FROM notification_campaign_chunks k WHERE k.campaign_id = c.id) AS failed
       FROM notification_campaigns c JOIN notification_messages m ON m.id = c.message_id
       ${ownerId === null ? '' : 'WHERE c.owner_id = ?'} ORDER BY c.id DESC LIMIT ?`,
    )
    .all(...(ownerId === null ? [limit] : [ownerId, limit])) as Array<CampaignRow & { title: string; failed: number }>;
  return rows.map((r) => toView(toRecord(r), r.title, r.failed, now));
}

/** One campaign with its progress, or null. */
export function getCampaignView(id: number, now = Date.now(), db: Db = getDb()): CampaignView | null {
  const row = db
    .prepare(
      `SELECT c.*, m.title AS title,
         (SELECT COALESCE(SUM(failed), 0) FROM notification_campaign_chunks k WHERE k.campaign_id = c.id) AS failed
       FROM notification_campaigns c JOIN notification_messages m ON m.id = c.message_id WHERE c.id = ?`,
    )
    .get(id) as (CampaignRow & { title: string; failed: number }) | undefined;
  return row ? toView(toRecord(row), row.title, row.failed, now) : null;
}
