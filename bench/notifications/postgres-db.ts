import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The bench's own Postgres database for `--db postgres`: created empty at
 * the start on the server of BENCH_DATABASE_URL (else TEST_DATABASE_URL,
 * else the local server), named `il_bench_<random>`, dropped at the end,
 * so a run never touches anyone else's data.
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Create the bench database; resolves with its URL. */
export async function createBenchDatabase(): Promise<string> {
  const name = `il_bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drop a database made by createBenchDatabase, ending whatever is still connected to it. */
export async function dropBenchDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^il_bench_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a bench database`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
