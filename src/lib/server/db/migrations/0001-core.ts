import type { Migration } from './index';

/** Key/value facts about this installation (first start time, generated keys' ids). */
export const m0001Core: Migration = {
  version: 1,
  name: 'core',
  sql: `
    CREATE TABLE app_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    INSERT INTO app_meta (key, value) VALUES ('created_at', CAST(unixepoch('subsec') * 1000 AS INTEGER));
  `,
  pg: `
    CREATE TABLE app_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    INSERT INTO app_meta (key, value) VALUES ('created_at', (floor(extract(epoch FROM clock_timestamp()) * 1000))::bigint::text);
  `,
};
