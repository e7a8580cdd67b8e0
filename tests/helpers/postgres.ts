import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Postgres for tests. With TEST_DATABASE_URL (an account that may CREATE
 * DATABASE, e.g. postgres://postgres@127.0.0.1:5432/postgres) every portal a
 * test file starts gets a database of its own, named `il_test_<random>`,
 * dropped when the file ends (tests/helpers/postgres-setup.ts). Unset: the
 * suite runs on SQLite files only. `TEST_PORTAL_DB=sqlite` keeps portals on
 * SQLite even with TEST_DATABASE_URL set (`npm run test:vitest`, the SQLite
 * pass, while `npm run test:pg` sets `postgres`); tests that need a Postgres
 * server whatever the pass (schema parity, promote, two hosts) use
 * POSTGRES_ADMIN_URL.
 */

/** Where the test Postgres server is, for tests that always need one. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin URL when portals run on Postgres in this pass, undefined when they run on SQLite. */
export const TEST_DATABASE_URL = process.env.TEST_PORTAL_DB === 'sqlite' ? undefined : process.env.TEST_DATABASE_URL || undefined;

/** Databases this file made (dropped at its end), by data dir. */
const created = new Map<string, string>();
/** The database behind each data dir: made here, or given to a portal explicitly (bindDatabase). */
const bound = new Map<string, string>();

/** The URL of database `name` on the same server as `adminUrl`. */
function urlFor(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Create an empty database with a unique name (prefix: `il_test_`); returns its URL. */
export async function createTestDatabase(adminUrl: string, label = 'db'): Promise<string> {
  const name = `il_test_${label.replace(/\W/g, '_').slice(0, 20)}_${randomBytes(5).toString('hex')}`.toLowerCase();
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return urlFor(adminUrl, name);
}

/** Drop a database made by createTestDatabase, ending whatever is still connected to it. */
export async function dropTestDatabase(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^il_test_\w+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * The Postgres database behind a portal data dir (one per data dir, so a
 * restarted portal finds its data again); undefined when on SQLite.
 */
export async function databaseForDataDir(dataDir: string): Promise<string | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  let url = bound.get(dataDir);
  if (url === undefined) {
    url = await createTestDatabase(TEST_DATABASE_URL, 'portal');
    created.set(dataDir, url);
    bound.set(dataDir, url);
  }
  return url || undefined;
}

/** Keep `dataDir` on its SQLite file in every pass (a test about SQLite itself, such as promoting one). */
export function keepOnSqlite(dataDir: string): void {
  bound.set(dataDir, '');
}

/**
 * Record that the portal on `dataDir` runs on `url` (a test that passes its own
 * DATABASE_URL: several hosts on one database, a private server), so helpers
 * that point this process at that portal use the same database.
 */
export function bindDatabase(dataDir: string, url: string): void {
  bound.set(dataDir, url);
}

/** The Postgres database behind `dataDir`, or undefined when that portal is on its SQLite file. */
export function databaseBehind(dataDir: string): string | undefined {
  return bound.get(dataDir) || undefined;
}

/** The database already made for `dataDir` (sync, for helpers that point this process at a portal). */
export function knownDatabaseForDataDir(dataDir: string): string | undefined {
  const url = bound.get(dataDir);
  if (url === undefined && TEST_DATABASE_URL) {
    throw new Error(`no Postgres database was made for ${dataDir}; start the portal (or call databaseForDataDir) first`);
  }
  return url || undefined;
}

/** Drop every database this test file made. */
export async function dropTestDatabases(): Promise<void> {
  bound.clear();
  if (!TEST_DATABASE_URL) return;
  const urls = [...created.values()];
  created.clear();
  for (const url of urls) await dropTestDatabase(TEST_DATABASE_URL, url);
}
