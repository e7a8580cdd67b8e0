import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getConfig } from '../config';
import { instrumentStatements } from '../metrics/db';
import { migrate } from './migrate';

/**
 * The one module that owns SQLite connections. Every process opens the same
 * file (`$DATA_DIR/portal.db`) in WAL mode, so web processes and workers
 * read concurrently while one writes at a time.
 */

export type Db = Database.Database;

/** Open a database file with the portal's pragmas and bring its schema up to date. */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash
  // can lose the last transactions, which is the usual trade for throughput.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  instrumentStatements(db);
  if (opts.migrate !== false) migrate(db);
  return db;
}

let shared: Db | undefined;

/**
 * The process-wide connection to `$DATA_DIR/portal.db`, opened (and migrated)
 * on first use. Data modules go through `getKysely()` (database.ts), which
 * sits on this handle when DATABASE_URL is unset; with Postgres configured,
 * touching the SQLite file would split the data, so this refuses.
 */
export function getDb(): Db {
  if (!shared) {
    if (getConfig().databaseUrl) throw new Error('getDb() is the SQLite handle, but DATABASE_URL points at Postgres; use getKysely()');
    shared = openDatabase(path.join(getConfig().dataDir, 'portal.db'));
  }
  return shared;
}

/** Close the process-wide connection (graceful shutdown, tests). */
export function closeDb(): void {
  if (shared?.open) shared.close();
  shared = undefined;
}
