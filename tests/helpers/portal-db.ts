import Database from 'better-sqlite3';
import pg from 'pg';
import { dbFile } from './accounts';
import { knownDatabaseForDataDir } from './postgres';

/**
 * Read or change a running portal's database from a test, on whichever
 * backend the suite runs: the SQLite file in `dataDir`, or (with
 * TEST_DATABASE_URL) the Postgres database made for that data dir. SQL is
 * written once with `?` placeholders and in the subset both dialects share;
 * counts and other BIGINTs come back as numbers on both.
 */

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** `?` placeholders as Postgres's `$1, $2, …` (test SQL has no `?` inside string literals). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Every row of `text` run with `params` on the portal database behind `dataDir`. */
export async function portalRows<T = Record<string, unknown>>(dataDir: string, text: string, params: unknown[] = []): Promise<T[]> {
  const url = knownDatabaseForDataDir(dataDir);
  if (!url) {
    const db = new Database(dbFile(dataDir));
    try {
      const stmt = db.prepare(text);
      if (stmt.reader) return stmt.all(...params) as T[];
      stmt.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    return (await client.query(numbered(text), params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The first column of the first row (a count, an id), or undefined when there is no row. */
export async function portalValue<T = unknown>(dataDir: string, text: string, params: unknown[] = []): Promise<T | undefined> {
  const [row] = await portalRows<Record<string, unknown>>(dataDir, text, params);
  return row ? (Object.values(row)[0] as T) : undefined;
}

/** Run a write (INSERT/UPDATE/DELETE) on the portal database behind `dataDir`. */
export async function portalExec(dataDir: string, text: string, params: unknown[] = []): Promise<void> {
  await portalRows(dataDir, text, params);
}
