import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Postgres for tests. With TEST_DATABASE_URL (an account that may CREATE
 * DATABASE, e.g. postgres://postgres@127.0.0.1:5432/postgres) every portal a
 * test file starts gets a database of its own, named `il_test_<random>`,
 * dropped when the file ends (tests/helpers/postgres-setup.ts). Unset: the
 * suite runs on SQLite files only.
 */

/** The admin URL, or undefined when the suite runs on SQLite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

const created = new Map<string, string>();

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
  let url = created.get(dataDir);
  if (!url) {
    url = await createTestDatabase(TEST_DATABASE_URL, 'portal');
    created.set(dataDir, url);
  }
  return url;
}

/** The database already made for `dataDir` (sync, for helpers that point this process at a portal). */
export function knownDatabaseForDataDir(dataDir: string): string | undefined {
  if (!TEST_DATABASE_URL) return undefined;
  const url = created.get(dataDir);
  if (!url) throw new Error(`no Postgres database was made for ${dataDir}; start the portal (or call databaseForDataDir) first`);
  return url;
}

/** Drop every database this test file made. */
export async function dropTestDatabases(): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  const urls = [...created.values()];
  created.clear();
  for (const url of urls) await dropTestDatabase(TEST_DATABASE_URL, url);
}
