import pg from 'pg';
import type { Config } from '../config';

/**
 * The Postgres side of the database layer: one pool per process with the
 * limits from the configuration. BIGINT (int8) and NUMERIC come back from
 * `pg` as strings, since they can exceed 2^53; every such column of ours
 * holds milliseconds, counts or row ids far below that, so they are parsed
 * as numbers here and rows read the same as better-sqlite3's.
 */

const INT8 = 20;
const NUMERIC = 1700;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Open a pool for `url`; `onError` hears about idle clients that died (they must not crash the process). */
export function createPool(url: string, settings: Config['dbPool'], onError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.max,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    // Server side: no statement runs longer; client side: a query whose answer never comes is given up too.
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + 1000,
    // A lock wait counts against the statement timeout anyway; idle transactions must not hold rows forever.
    idle_in_transaction_session_timeout: Math.max(settings.statementTimeoutMs * 2, 60_000),
    application_name: 'interview-lab',
    keepAlive: true,
    types,
  });
  // Without a listener, an idle client's ECONNRESET (Postgres restarted) is an uncaught 'error' event.
  pool.on('error', onError);
  // The pool listens only while a client is idle. One that is checked out when its connection dies
  // (a query in flight as Postgres restarts) emits 'error' too: its query already fails with that
  // error and the pool drops the client on release, so this listener only keeps the process alive.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** The URL with its password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparsable URL)';
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
