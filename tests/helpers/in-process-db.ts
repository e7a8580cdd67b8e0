import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetConfigForTests } from '../../src/lib/server/config';
import { closeDb } from '../../src/lib/server/db/connection';
import { closeKysely, getKysely, prepareDatabase } from '../../src/lib/server/db/database';
import { createTestDatabase, dropTestDatabase } from './postgres';

/**
 * Point this test process's data layer (getKysely) at a fresh database of
 * either backend, for tests that call data modules directly: a SQLite file in
 * a temp dir, or a Postgres database of its own (TEST_DATABASE_URL, else the
 * local server, as the schema parity test does). `stop()` closes and removes it.
 */

/** The admin URL the Postgres databases are made with. */
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database this process is using, and how to leave it. */
export interface InProcessDb {
  backend: 'sqlite' | 'postgres';
  dataDir: string;
  /** Insert a bare user (foreign keys want one) and return its id. */
  addUser(): Promise<number>;
  stop(): Promise<void>;
}

let users = 0;

/** Open a fresh database of `backend` for this process. */
export async function useInProcessDb(backend: 'sqlite' | 'postgres'): Promise<InProcessDb> {
  await closeKysely();
  closeDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `il-learn-${backend}-`));
  const url = backend === 'postgres' ? await createTestDatabase(ADMIN_URL, 'learn') : undefined;
  process.env.DATA_DIR = dataDir;
  if (url) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  resetConfigForTests();
  await prepareDatabase();
  return {
    backend,
    dataDir,
    async addUser() {
      const now = Date.now();
      const row = await getKysely()
        .insertInto('users')
        .values({ email: `u${++users}-${now}@example.test`, password_hash: 'x', created_at: now, password_changed_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async stop() {
      await closeKysely();
      closeDb();
      delete process.env.DATABASE_URL;
      resetConfigForTests();
      if (url) await dropTestDatabase(ADMIN_URL, url);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
