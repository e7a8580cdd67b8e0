import type { Statement } from 'better-sqlite3';
import type { InboxItem, Priority } from '../../shared/notifications/types';
import { getDb, type Db } from '../db/connection';

/**
 * The inbox in SQLite. Delivery is `INSERT OR IGNORE` keyed by the
 * notification id, so the queue's at-least-once processing has an
 * exactly-once effect: a job that runs twice finds its rows already there.
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

const ITEM_COLUMNS = `i.id, i.seq, m.title, m.body, m.priority, m.sender_id, i.enqueued_at, i.delivered_at, i.read_at`;

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

/** One delivery to write: notification id, recipient and the message it shows. */
export interface Delivery {
  id: string;
  recipientId: number;
  messageId: string;
  enqueuedAt: number;
}

/** Prepared statements, cached per connection (tests reopen databases). */
const cache = new WeakMap<Db, Record<string, Statement>>();
function stmts(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = {
      insert: db.prepare('INSERT OR IGNORE INTO inbox (id, recipient_id, message_id, enqueued_at, delivered_at) VALUES (?, ?, ?, ?, ?)'),
      message: db.prepare('INSERT OR IGNORE INTO notification_messages (id, sender_id, title, body, priority, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
    cache.set(db, s);
  }
  return s as Record<'insert' | 'message', Statement>;
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

/** Store a message unless it is there already. */
export function insertMessage(m: MessageRecord, db: Db = getDb()): void {
  stmts(db).message.run(m.id, m.senderId, m.title, m.body, m.priority, m.createdAt);
}

/**
 * Write deliveries inside the caller's transaction (or a new one); returns
 * how many were new and the seq of each new one (duplicates are skipped).
 */
export function insertDeliveries(
  deliveries: readonly Delivery[],
  now = Date.now(),
  db: Db = getDb(),
): { inserted: number; fresh: Array<Delivery & { seq: number }> } {
  const { insert } = stmts(db);
  let inserted = 0;
  const fresh: Array<Delivery & { seq: number }> = [];
  for (const d of deliveries) {
    const r = insert.run(d.id, d.recipientId, d.messageId, d.enqueuedAt, now);
    if (r.changes === 1) {
      inserted++;
      // Only real users can be online; synthetic mailboxes need no seq back.
      if (d.recipientId > 0) fresh.push({ ...d, seq: Number(r.lastInsertRowid) });
    }
  }
  return { inserted, fresh };
}

/** Read inbox items by notification id (to push what was just delivered). */
export function getItems(ids: readonly string[], db: Db = getDb()): InboxItem[] {
  if (!ids.length) return [];
  const rows = db
    .prepare(
      `SELECT ${ITEM_COLUMNS} FROM inbox i JOIN notification_messages m ON m.id = i.message_id WHERE i.id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as ItemRow[];
  return rows.map(toItem);
}

/** A page of a user's inbox: newest first, or (with `after`) everything newer than a seq, oldest first. */
export function listInbox(
  userId: number,
  opts: { limit?: number; before?: number; after?: number; unreadOnly?: boolean } = {},
  db: Db = getDb(),
): InboxItem[] {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const where = ['i.recipient_id = ?'];
  const args: number[] = [userId];
  if (opts.before !== undefined) {
    where.push('i.seq < ?');
    args.push(opts.before);
  }
  if (opts.after !== undefined) {
    where.push('i.seq > ?');
    args.push(opts.after);
  }
  if (opts.unreadOnly) where.push('i.read_at IS NULL');
  const order = opts.after !== undefined ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT ${ITEM_COLUMNS} FROM inbox i JOIN notification_messages m ON m.id = i.message_id WHERE ${where.join(' AND ')} ORDER BY i.seq ${order} LIMIT ?`,
    )
    .all(...args, limit) as ItemRow[];
  return rows.map(toItem);
}

/** How many of a user's notifications are unread. */
export function unreadCount(userId: number, db: Db = getDb()): number {
  return db.prepare('SELECT COUNT(*) FROM inbox WHERE recipient_id = ? AND read_at IS NULL').pluck().get(userId) as number;
}

/** The newest seq in a user's inbox (0 when empty). */
export function latestSeq(userId: number, db: Db = getDb()): number {
  return (db.prepare('SELECT MAX(seq) FROM inbox WHERE recipient_id = ?').pluck().get(userId) as number | null) ?? 0;
}

/** Mark some (or all) of a user's notifications read; returns the ids that changed. */
export function markRead(userId: number, ids: readonly string[] | 'all', now = Date.now(), db: Db = getDb()): string[] {
  if (ids === 'all') {
    return db.prepare('UPDATE inbox SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL RETURNING id').pluck().all(now, userId) as string[];
  }
  if (!ids.length) return [];
  return db
    .prepare(`UPDATE inbox SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL AND id IN (${ids.map(() => '?').join(',')}) RETURNING id`)
    .pluck()
    .all(now, userId, ...ids) as string[];
}

/** Inbox rows of a recipient (any mailbox, synthetic too) for the dashboard search; newest first. */
export function searchByRecipient(recipientId: number, senderId: number | null, limit = 20, db: Db = getDb()): InboxItem[] {
  const rows = db
    .prepare(
      `SELECT ${ITEM_COLUMNS} FROM inbox i JOIN notification_messages m ON m.id = i.message_id
       WHERE i.recipient_id = ? ${senderId === null ? '' : 'AND m.sender_id = ?'} ORDER BY i.seq DESC LIMIT ?`,
    )
    .all(...(senderId === null ? [recipientId, limit] : [recipientId, senderId, limit])) as ItemRow[];
  return rows.map(toItem);
}
