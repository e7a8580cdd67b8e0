import type { InboxItem, Priority } from '../../shared/notifications/types';
import { bulkInsertIgnoringDuplicates } from '../db/bulk-insert';
import { getKysely } from '../db/database';
import { prepareQuery, type Executor } from '../db/query';

/**
 * The inbox, on SQLite or Postgres. Delivery inserts keyed by the
 * notification id (`ON CONFLICT (id) DO NOTHING`), so the queue's
 * at-least-once processing has an exactly-once effect: a job that runs
 * twice finds its rows already there.
 */

interface ItemRow {
  id: string;
  seq: number;
  title: string;
  body: string;
  priority: Priority;
  sender_id: number | null;
  enqueued_at: number;
  delivered_at: number;
  read_at: number | null;
}

function toItem(r: ItemRow): InboxItem {
  return {
    id: r.id,
    seq: r.seq,
    title: r.title,
    body: r.body,
    priority: r.priority,
    senderId: r.sender_id,
    enqueuedAt: r.enqueued_at,
    deliveredAt: r.delivered_at,
    readAt: r.read_at,
  };
}

/** Inbox rows joined with their message: the start of every item query. */
function items(db: Executor) {
  return db
    .selectFrom('inbox as i')
    .innerJoin('notification_messages as m', 'm.id', 'i.message_id')
    .select(['i.id', 'i.seq', 'm.title', 'm.body', 'm.priority', 'm.sender_id', 'i.enqueued_at', 'i.delivered_at', 'i.read_at']);
}

/** One delivery to write: notification id, recipient and the message it shows. */
export interface Delivery {
  id: string;
  recipientId: number;
  messageId: string;
  enqueuedAt: number;
}

/** A message (title, body, priority) stored once and shared by its deliveries. */
export interface MessageRecord {
  id: string;
  senderId: number | null;
  title: string;
  body: string;
  priority: Priority;
  createdAt: number;
}

const INBOX_COLUMNS = [
  { name: 'id', pgType: 'text' },
  { name: 'recipient_id', pgType: 'bigint' },
  { name: 'message_id', pgType: 'text' },
  { name: 'enqueued_at', pgType: 'bigint' },
  { name: 'delivered_at', pgType: 'bigint' },
] as const;
/** Synthetic mailboxes need only the count; real users also need each new row's seq, to push it. */
const insertCounting = bulkInsertIgnoringDuplicates('inbox', INBOX_COLUMNS, 'id');
const insertReturning = bulkInsertIgnoringDuplicates('inbox', INBOX_COLUMNS, 'id', ['id', 'seq']);

const insertMessageQuery = prepareQuery(
  6,
  (db, id: string, senderId: number | null, title: string, body: string, priority: Priority, createdAt: number) =>
    db
      .insertInto('notification_messages')
      .values({ id, sender_id: senderId, title, body, priority, created_at: createdAt })
      .onConflict((oc) => oc.column('id').doNothing()),
);

/** Store a message unless it is there already. */
export async function insertMessage(m: MessageRecord, db?: Executor): Promise<void> {
  await insertMessageQuery.result([m.id, m.senderId, m.title, m.body, m.priority, m.createdAt], db);
}

/**
 * Write deliveries on `db` (the caller's transaction, or on their own);
 * returns how many were new and the seq of each new one that went to a
 * user (duplicates are skipped).
 */
export async function insertDeliveries(
  deliveries: readonly Delivery[],
  now = Date.now(),
  db?: Executor,
): Promise<{ inserted: number; fresh: Array<Delivery & { seq: number }> }> {
  const rows = deliveries.map((d) => [d.id, d.recipientId, d.messageId, d.enqueuedAt, now] as const);
  // Only real users can be online; synthetic mailboxes (below zero) need no seq back.
  if (!deliveries.some((d) => d.recipientId > 0)) return { inserted: (await insertCounting(rows, db)).inserted, fresh: [] };
  const written = await insertReturning(rows, db);
  const seqOf = new Map(written.rows.map((r) => [r.id, r.seq]));
  const fresh: Array<Delivery & { seq: number }> = [];
  for (const d of deliveries) {
    const seq = seqOf.get(d.id);
    if (seq !== undefined && d.recipientId > 0) fresh.push({ ...d, seq });
  }
  return { inserted: written.inserted, fresh };
}

/** Read inbox items by notification id (to push what was just delivered). */
export async function getItems(ids: readonly string[], db: Executor = getKysely()): Promise<InboxItem[]> {
  if (!ids.length) return [];
  const rows = await items(db)
    .where('i.id', 'in', [...ids])
    .execute();
  return rows.map(toItem);
}

/** A page of a user's inbox: newest first, or (with `after`) everything newer than a seq, oldest first. */
export async function listInbox(
  userId: number,
  opts: { limit?: number; before?: number; after?: number; unreadOnly?: boolean } = {},
  db: Executor = getKysely(),
): Promise<InboxItem[]> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  let q = items(db).where('i.recipient_id', '=', userId);
  if (opts.before !== undefined) q = q.where('i.seq', '<', opts.before);
  if (opts.after !== undefined) q = q.where('i.seq', '>', opts.after);
  if (opts.unreadOnly) q = q.where('i.read_at', 'is', null);
  const rows = await q
    .orderBy('i.seq', opts.after !== undefined ? 'asc' : 'desc')
    .limit(limit)
    .execute();
  return rows.map(toItem);
}

const unreadQuery = prepareQuery(1, (db, userId: number) =>
  db
    .selectFrom('inbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_id', '=', userId)
    .where('read_at', 'is', null),
);

/** How many of a user's notifications are unread. */
export async function unreadCount(userId: number, db?: Executor): Promise<number> {
  return Number((await unreadQuery.first([userId], db))?.n ?? 0);
}

const latestSeqQuery = prepareQuery(1, (db, userId: number) =>
  db
    .selectFrom('inbox')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('recipient_id', '=', userId),
);

/** The newest seq in a user's inbox (0 when empty). */
export async function latestSeq(userId: number, db?: Executor): Promise<number> {
  return Number((await latestSeqQuery.first([userId], db))?.m ?? 0);
}

/** Mark some (or all) of a user's notifications read; returns the ids that changed. */
export async function markRead(userId: number, ids: readonly string[] | 'all', now = Date.now(), db: Executor = getKysely()): Promise<string[]> {
  if (ids !== 'all' && !ids.length) return [];
  let q = db.updateTable('inbox').set({ read_at: now }).where('recipient_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', [...ids]);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Inbox rows of a recipient (any mailbox, synthetic too) for the dashboard search; newest first. */
export async function searchByRecipient(recipientId: number, senderId: number | null, limit = 20, db: Executor = getKysely()): Promise<InboxItem[]> {
  let q = items(db).where('i.recipient_id', '=', recipientId);
  if (senderId !== null) q = q.where('m.sender_id', '=', senderId);
  const rows = await q.orderBy('i.seq', 'desc').limit(limit).execute();
  return rows.map(toItem);
}
