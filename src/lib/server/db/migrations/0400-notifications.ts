import type { Migration } from './index';

/**
 * Notifications: a message is written once (title, body, priority) and each
 * recipient gets one inbox row that points at it, so a million-recipient
 * campaign stores one message and a million small rows. The inbox row's `id`
 * is the notification id and is UNIQUE: delivering the same notification
 * twice (a retried or recovered job) inserts nothing the second time.
 * `seq` orders the inbox and is the cursor clients catch up from.
 * Recipients above zero are users; below zero are synthetic load-test
 * mailboxes (no account behind them), so they carry no foreign key.
 */
export const m0400Notifications: Migration = {
  version: 400,
  name: 'notifications',
  sql: `
    CREATE TABLE notification_messages (
      id TEXT PRIMARY KEY,
      sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      priority TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE inbox (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      recipient_id INTEGER NOT NULL,
      message_id TEXT NOT NULL,
      enqueued_at INTEGER NOT NULL,
      delivered_at INTEGER NOT NULL,
      read_at INTEGER
    ) STRICT;
    CREATE INDEX inbox_by_recipient ON inbox(recipient_id, seq);

    CREATE TABLE notification_campaigns (
      id INTEGER PRIMARY KEY,
      owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL,
      audience TEXT NOT NULL CHECK (audience IN ('users', 'synthetic')),
      total INTEGER NOT NULL,
      chunk_size INTEGER NOT NULL,
      chunks INTEGER NOT NULL,
      failure_rate REAL NOT NULL DEFAULT 0,
      priority_mix TEXT NOT NULL,
      delivered INTEGER NOT NULL DEFAULT 0,
      chunks_finished INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER
    ) STRICT;
    CREATE INDEX notification_campaigns_by_owner ON notification_campaigns(owner_id, id);

    CREATE TABLE notification_campaign_chunks (
      campaign_id INTEGER NOT NULL REFERENCES notification_campaigns(id) ON DELETE CASCADE,
      chunk INTEGER NOT NULL,
      failed INTEGER NOT NULL DEFAULT 0,
      finished_at INTEGER NOT NULL,
      PRIMARY KEY (campaign_id, chunk)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE notification_webhooks (
      user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
  `,
};
