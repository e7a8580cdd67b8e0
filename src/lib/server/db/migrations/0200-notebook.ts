import type { Migration } from './index';

/**
 * The notebook's per-user state: edited cells (the reader's code, and the
 * hash of the lesson's original it was based on, so a later change to the
 * lesson is noticed) and lessons marked as done.
 */
export const m0200Notebook: Migration = {
  version: 200,
  name: 'notebook',
  sql: `
    CREATE TABLE notebook_edits (
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      cell_id TEXT NOT NULL,
      code TEXT NOT NULL,
      base_hash TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, lesson, cell_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lesson_progress (
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      completed_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, lesson)
    ) STRICT, WITHOUT ROWID;
  `,
  pg: `
    CREATE TABLE notebook_edits (
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      cell_id TEXT NOT NULL,
      code TEXT NOT NULL,
      base_hash TEXT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (user_id, lesson, cell_id)
    );

    CREATE TABLE lesson_progress (
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      completed_at BIGINT NOT NULL,
      PRIMARY KEY (user_id, lesson)
    );
  `,
};
