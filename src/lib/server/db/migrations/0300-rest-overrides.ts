import type { Migration } from './index';

/**
 * Each learner's private changes to the shared REST data set. A row holds the
 * learner's whole version of one record (`body` JSON), or NULL when they
 * deleted it; records they created have ids above the shared ones. Reading a
 * collection is the shared records with the learner's rows laid over them.
 */
export const m0300RestOverrides: Migration = {
  version: 300,
  name: 'rest-overrides',
  sql: `
    CREATE TABLE rest_overrides (
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      resource TEXT NOT NULL CHECK (resource IN ('todos', 'posts', 'comments', 'users')),
      item_id INTEGER NOT NULL CHECK (item_id > 0),
      body TEXT,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, resource, item_id)
    ) STRICT, WITHOUT ROWID;
  `,
  pg: `
    CREATE TABLE rest_overrides (
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      resource TEXT NOT NULL CHECK (resource IN ('todos', 'posts', 'comments', 'users')),
      item_id BIGINT NOT NULL CHECK (item_id > 0),
      body TEXT,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (user_id, resource, item_id)
    );
  `,
};
