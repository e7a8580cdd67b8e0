import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/lib/server/db/migrate';
import { migratePostgres } from '../../src/lib/server/db/migrate-postgres';
import { migrations } from '../../src/lib/server/db/migrations';
import type { DB } from '../../src/lib/server/db/schema';
import { createTestDatabase, dropTestDatabase } from '../helpers/postgres';
import { postgresShape, sqliteShape, type SchemaShape } from '../helpers/schema-snapshot';

// The one migration history must leave the same schema on both backends.
// Needs a Postgres server: TEST_DATABASE_URL, else the local one CI starts.
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

describe('migrations on SQLite and on Postgres', () => {
  let dir: string;
  let pgUrl: string;
  let lite: SchemaShape;
  let post: SchemaShape;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-schema-'));
    const db = new Database(path.join(dir, 'portal.db'));
    migrate(db);
    lite = sqliteShape(db);
    db.close();

    pgUrl = await createTestDatabase(ADMIN_URL, 'schema');
    const k = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 2 }) }) });
    try {
      expect(await migratePostgres(k)).toEqual(migrations.map((m) => m.version));
      // A second run (another process starting) applies nothing.
      expect(await migratePostgres(k)).toEqual([]);
    } finally {
      await k.destroy();
    }
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      post = await postgresShape(client);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgUrl) await dropTestDatabase(ADMIN_URL, pgUrl);
  });

  it('creates the same tables', () => {
    expect(Object.keys(lite).length).toBeGreaterThan(15);
    expect(Object.keys(post)).toEqual(Object.keys(lite));
  });

  it('gives every table the same columns, types, nullability, keys and indexes', () => {
    for (const table of Object.keys(lite)) {
      expect({ table, ...post[table] }).toEqual({ table, ...lite[table] });
    }
  });

  it('records the same migration history', () => {
    expect(lite.schema_migrations!.primaryKey).toEqual(['version']);
    expect(post.schema_migrations!.primaryKey).toEqual(['version']);
  });
});
