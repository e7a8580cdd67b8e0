import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/lib/server/db/unavailable';
import { freePort } from '../helpers/net';
import { POSTGRES_ADMIN_URL } from '../helpers/postgres';

/**
 * Which errors from a real Postgres (and from no Postgres at all) count as
 * "the database is not there right now" (a 503) and which are a query's own
 * fault (a 500 and a log line): isDatabaseUnavailable over errors pg really
 * throws.
 */

/** The error `fn` rejects with. */
async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>, url = POSTGRES_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('a database that is not there', () => {
  it('no server on the port (ECONNREFUSED)', async () => {
    const port = await freePort();
    const err = await errorOf(() => withClient(() => Promise.resolve(), `postgres://postgres@127.0.0.1:${port}/postgres`));
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('a pool that cannot connect in time', async () => {
    const port = await freePort();
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 200 });
    try {
      expect(isDatabaseUnavailable(await errorOf(() => pool.query('SELECT 1')))).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('the server ends the connection (57P01, as at a shutdown)', async () => {
    const err = await withClient(async (victim) => {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await withClient((killer) => killer.query('SELECT pg_terminate_backend($1)', [pid]));
      return errorOf(() => victim.query('SELECT 1'));
    });
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('a statement that runs past its timeout (57014)', async () => {
    const err = await withClient(async (c) => {
      await c.query("SET statement_timeout = '50ms'");
      return errorOf(() => c.query('SELECT pg_sleep(2)'));
    });
    expect((err as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

describe("a query's own fault", () => {
  it('a syntax error, a missing table, a unique violation and a plain bug are not outages', async () => {
    const errors = await withClient(async (c) => {
      await c.query('CREATE TEMP TABLE one (id int PRIMARY KEY)');
      await c.query('INSERT INTO one VALUES (1)');
      return [
        await errorOf(() => c.query('SELEC 1')),
        await errorOf(() => c.query('SELECT * FROM no_such_table')),
        await errorOf(() => c.query('INSERT INTO one VALUES (1)')),
      ];
    });
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['42601', '42P01', '23505']);
    for (const err of [...errors, new TypeError("Cannot read properties of undefined (reading 'id')"), 'a string']) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});
