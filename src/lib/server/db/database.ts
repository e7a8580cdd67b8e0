import { Kysely, PostgresDialect, SqliteDialect, sql, type QueryResult } from 'kysely';
import type { Statement } from 'better-sqlite3';
import { getConfig } from '../config';
import { log } from '../log';
import { observePostgresQuery } from '../metrics/db';
import { getDb } from './connection';
import { migratePostgres } from './migrate-postgres';
import { createPool, redactUrl } from './postgres';
import type { DB } from './schema';

/**
 * The portal's one query layer: Kysely over SQLite (the embedded default,
 * `$DATA_DIR/portal.db`) or over a Postgres pool when DATABASE_URL is set.
 * Every data module asks `getKysely()` and writes dialect-neutral queries;
 * the few dialect differences live in db/ (see docs/database.md).
 */

/** Which backend this process talks to. */
export type DialectName = 'sqlite' | 'postgres';

const dlog = log.child({ mod: 'db' });

interface LayerState {
  instance?: Kysely<DB>;
  /** The SQLite statements `instance` runs (absent on Postgres), for readSqliteNow. */
  sqlite?: ReturnType<typeof cachingSqlite>;
  ready?: Promise<void>;
  /** Set once the migrations have finished: `ready` exists from the moment they start. */
  migrated?: boolean;
  lastFailure?: string;
  /** The executor of the SQLite write transaction open now (db/query.ts writeTransaction), which holds the one connection. */
  sqliteHolder?: SqliteHolder;
}

/** The executor holding SQLite's one connection for a write transaction, and whether Kysely has nothing queued on it. */
export interface SqliteHolder {
  executor: object;
  idle: () => boolean;
}
// On globalThis: server/web.ts and Astro's bundle each carry a copy of this module, and
// must share one pool and one readiness (else /api/health never sees the migrations finish).
const KEY = Symbol.for('interview-lab.db.layer');
const state: LayerState = ((globalThis as { [KEY]?: LayerState })[KEY] ??= {});

/** The backend chosen by DATABASE_URL. */
export function dialectName(): DialectName {
  return getConfig().databaseUrl ? 'postgres' : 'sqlite';
}

/**
 * better-sqlite3 prepares a statement per query in Kysely's driver; preparing
 * costs more than running an indexed lookup, so statements are kept by SQL
 * text (the SQL Kysely generates is the same for every call of one query).
 */
function cachingSqlite() {
  let current = getDb();
  const statements = new Map<string, Statement>();
  return {
    prepare(text: string): Statement {
      // closeDb() then getDb() (tests, backups) gives a new handle: its statements start afresh.
      const db = getDb();
      if (db !== current) {
        statements.clear();
        current = db;
      }
      let s = statements.get(text);
      if (!s) {
        // Queries are built from fixed shapes, but guard against a caller that inlines values into SQL.
        if (statements.size >= 2000) statements.clear();
        s = db.prepare(text);
        statements.set(text, s);
      }
      return s;
    },
    close(): void {
      statements.clear();
    },
    /** Whether a transaction is open on the connection (this copy's: the web process bundles db/ twice). */
    inTransaction(): boolean {
      return getDb().inTransaction;
    },
  };
}

function create(): Kysely<DB> {
  const config = getConfig();
  if (!config.databaseUrl) {
    state.sqlite = cachingSqlite();
    return new Kysely<DB>({ dialect: new SqliteDialect({ database: state.sqlite }) });
  }
  const pool = createPool(config.databaseUrl, config.dbPool, (err) => dlog.warn('postgres connection lost', { err: err.message }));
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => observePostgresQuery(event.query.sql, event.queryDurationMillis),
  });
}

/** The process-wide query builder (opened on first use; SQLite is migrated as it opens). */
export function getKysely(): Kysely<DB> {
  state.instance ??= create();
  return state.instance;
}

/**
 * Mark who holds SQLite's one connection for a write transaction (BEGIN
 * IMMEDIATE to COMMIT or ROLLBACK), or clear the mark with undefined. Only
 * db/query.ts writeTransaction calls this, inside Kysely's connection().
 */
export function holdSqlite(holder: SqliteHolder | undefined): void {
  state.sqliteHolder = holder;
}

/**
 * Whether a statement for `db` may run at once on SQLite's connection, which
 * means the same as Kysely running it: `db` is the executor of the open write
 * transaction and nothing is queued on it (a statement issued after a builder
 * query still waiting must run after it), or the process-wide builder while no
 * transaction is open or about to run on the connection (Kysely would make it
 * wait for that one, and running it now would see, or join, its uncommitted
 * writes).
 */
function mayRunNow(db: object): boolean {
  if (dialectName() !== 'sqlite') return false;
  const global = getKysely();
  if (!state.sqlite) return false;
  const holder = state.sqliteHolder;
  if (holder && db === holder.executor) return holder.idle();
  return db === global && !holder && !state.sqlite.inTransaction();
}

/** The cached statement for `text` when it may run at once for `db` (mayRunNow), else null. */
function statementNow(text: string, db: object): Statement | null {
  return mayRunNow(db) ? state.sqlite!.prepare(text) : null;
}

/**
 * Run a compiled statement at once on SQLite, as Kysely's SQLite driver would
 * (same statement, same result shape), without its promise chain: about a
 * dozen promise hops per statement, a tenth of a sign-in's CPU. Null when the
 * caller must go through Kysely (Postgres, or a transaction `db` does not hold).
 */
export function runSqliteNow<R>(text: string, parameters: readonly unknown[], db: object): QueryResult<R> | null {
  const statement = statementNow(text, db);
  if (!statement) return null;
  // The parameters as one array, as Kysely's SQLite driver binds them.
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** Run a read at once on the process-wide builder (runSqliteNow); null for SQL that writes, or when Kysely must run it. */
export function readSqliteNow<R>(text: string, parameters: readonly unknown[]): R[] | null {
  const statement = statementNow(text, getKysely());
  return statement?.reader ? (statement.all(parameters) as R[]) : null;
}

/**
 * Bring the schema up to date before serving. SQLite migrates synchronously
 * as it opens; Postgres migrates here. A failure is remembered for the health
 * check and the next call tries again (Postgres may be starting too).
 */
export function prepareDatabase(): Promise<void> {
  state.ready ??= (async () => {
    const db = getKysely();
    if (dialectName() === 'sqlite') return;
    const applied = await migratePostgres(db);
    if (applied.length) dlog.info('migrated', { to: redactUrl(getConfig().databaseUrl!), applied });
  })().then(
    () => {
      state.lastFailure = undefined;
      state.migrated = true;
    },
    (err: unknown) => {
      state.ready = undefined;
      state.migrated = false;
      state.lastFailure = err instanceof Error ? err.message : String(err);
      throw err;
    },
  );
  return state.ready;
}

/**
 * Keep trying `prepareDatabase()` until it succeeds (web and worker starts):
 * the process serves meanwhile and `/api/health` says why the db is down.
 */
export function prepareDatabaseInBackground(retryMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const attempt = (): void => {
      prepareDatabase().then(resolve, (err: unknown) => {
        dlog.error('database not ready; retrying', { err: err instanceof Error ? err.message : String(err), inMs: retryMs });
        setTimeout(attempt, retryMs).unref();
      });
    };
    attempt();
  });
}

/** Answer whether the database is reachable and migrated, for the health check. */
export async function checkDatabase(timeoutMs = 3000): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    if (dialectName() === 'postgres' && !state.migrated) {
      return { ok: false, reason: `postgres not ready: ${state.lastFailure ?? (state.ready ? 'migrating' : 'connecting')}` };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([sql`SELECT 1`.execute(getKysely()), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Close the pool or the SQLite handle's statements (graceful shutdown, tests). */
export async function closeKysely(): Promise<void> {
  const db = state.instance;
  state.instance = undefined;
  state.sqlite = undefined;
  state.ready = undefined;
  state.migrated = false;
  await db?.destroy();
}
