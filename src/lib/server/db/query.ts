import {
  sql,
  type Compilable,
  type CompiledQuery,
  type DeleteResult,
  type InsertResult,
  type Kysely,
  type QueryResult,
  type UpdateResult,
} from 'kysely';
import { andThen, type MaybePromise } from '../../shared/maybe-promise';
import { dialectName, getKysely, holdSqlite, readSqliteNow, runSqliteNow } from './database';
import type { DB } from './schema';

/**
 * Helpers every data module shares: queries compiled once for hot paths,
 * write transactions with the same meaning on both backends, and the
 * affected-row count of a write.
 */

/** Anything that runs queries: the process-wide builder or a transaction. */
export type Executor = Kysely<DB>;

/** Stands for the i-th argument while a prepared query is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/** A query compiled once; each call only swaps its arguments in. */
export interface PreparedQuery<A extends unknown[], R> {
  /** Every row, on the process-wide builder or on `db` (a transaction). */
  all(args: A, db?: Executor): Promise<R[]>;
  /** The first row or undefined. */
  first(args: A, db?: Executor): Promise<R | undefined>;
  /** The raw result (numAffectedRows for writes). */
  result(args: A, db?: Executor): Promise<QueryResult<R>>;
  /** Every row of a read on the process-wide builder: at once on SQLite outside a transaction (readSqliteNow), else a promise. */
  allNow(args: A): MaybePromise<R[]>;
  /** The first row of a read, as allNow. */
  firstNow(args: A): MaybePromise<R | undefined>;
}

/**
 * Compile `build` once (per builder instance) with placeholders for its
 * arguments, so a hot query (every API call resolves its token) costs no
 * query building on later calls: only its parameter array is new.
 */
export function prepareQuery<A extends unknown[], R>(arity: A['length'], build: (db: Executor, ...args: A) => Compilable<R>): PreparedQuery<A, R> {
  let compiledFor: Executor | undefined;
  let compiled: CompiledQuery<R> | undefined;
  let slots: (number | -1)[] = [];
  const compiledNow = (db: Executor): CompiledQuery<R> => {
    if (!compiled || compiledFor !== getKysely()) {
      const placeholders = Array.from({ length: arity }, (_, i) => new Slot(i)) as unknown as A;
      compiled = build(db, ...placeholders).compile();
      slots = compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1));
      compiledFor = getKysely();
    }
    return compiled;
  };
  const withArgs = (q: CompiledQuery<R>, args: A): unknown[] => slots.map((s, i) => (s === -1 ? q.parameters[i] : args[s]));
  const run = (args: A, db: Executor = getKysely()): Promise<QueryResult<R>> => {
    const q = compiledNow(db);
    const parameters = withArgs(q, args);
    return nowOrQueued(
      () => runSqliteNow<R>(q.sql, parameters, db),
      () => db.executeQuery<R>({ ...q, parameters }),
    );
  };
  const allNow = (args: A): MaybePromise<R[]> => {
    const q = compiledNow(getKysely());
    return readSqliteNow<R>(q.sql, withArgs(q, args)) ?? run(args).then((r) => r.rows);
  };
  return {
    all: async (args, db) => (await run(args, db)).rows,
    first: async (args, db) => (await run(args, db)).rows[0],
    result: run,
    allNow,
    firstNow: (args) => andThen(allNow(args), (rows) => rows[0]),
  };
}

/** Rows a write changed (UPDATE/DELETE/INSERT without RETURNING). */
export function changed(result: UpdateResult | DeleteResult | InsertResult | QueryResult<unknown>): number {
  const r = result as unknown as Record<string, bigint | undefined>;
  return Number(r.numAffectedRows ?? r.numUpdatedRows ?? r.numDeletedRows ?? r.numInsertedOrUpdatedRows ?? 0n);
}

/**
 * Run `fn` in a write transaction. SQLite: `BEGIN IMMEDIATE`, taking the
 * write lock first, so a read-then-write cannot be overtaken by another
 * process between the two (the meaning better-sqlite3's `.immediate()` had).
 * Postgres: READ COMMITTED; single-use rows are spent with a conditional
 * UPDATE (… WHERE used_at IS NULL) whose row count decides, which is safe there
 * too. Inside `fn`, use only `trx`: on SQLite the process has one connection,
 * and a query on `getKysely()` would wait for this transaction forever.
 */
export async function writeTransaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T> {
  const db = getKysely();
  if (dialectName() === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    // Kysely hands over the one connection here. While `conn` holds it, its prepared statements and
    // BEGIN/COMMIT run at once (database.ts runSqliteNow) whenever nothing is queued on it; everyone
    // else's go through Kysely and wait. ROLLBACK always queues: after a failure, builder queries
    // issued before it may still be waiting, and they must run inside the transaction it undoes.
    holdSqlite({ executor: conn, idle: countQueued(conn) });
    try {
      await sqliteNow(conn, 'BEGIN IMMEDIATE');
      try {
        const out = await fn(conn);
        await sqliteNow(conn, 'COMMIT');
        return out;
      } catch (err) {
        await sql
          .raw('ROLLBACK')
          .execute(conn)
          .catch(() => undefined);
        throw err;
      }
    } finally {
      holdSqlite(undefined);
    }
  });
}

/**
 * Count the statements Kysely has queued on `conn` and not yet settled; the
 * returned function says whether there are none. Builder queries, raw SQL and
 * prepared statements that could not run at once all go through the one
 * executor `conn` was made with, so wrapping its executeQuery sees them all.
 */
function countQueued(conn: Executor): () => boolean {
  const executor = conn.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  let queued = 0;
  executor.executeQuery = <R>(query: CompiledQuery<R>): Promise<QueryResult<R>> => {
    queued++;
    return execute(query).finally(() => queued--);
  };
  return () => queued === 0;
}

/** Run a transaction-control statement on `conn`: at once when it holds the connection, else through Kysely. */
function sqliteNow(conn: Executor, text: string): Promise<unknown> {
  return nowOrQueued(
    () => runSqliteNow(text, [], conn),
    () => sql.raw(text).execute(conn),
  );
}

/**
 * What `now` ran at once (runSqliteNow), or `queued()` when it could not run
 * it. A promise either way, and a throw as a rejection: callers that chain
 * .catch() see the error as Kysely would give it.
 */
function nowOrQueued<T>(now: () => T | null, queued: () => Promise<T>): Promise<T> {
  let result: T | null;
  try {
    result = now();
  } catch (err) {
    return Promise.reject(err);
  }
  return result ? Promise.resolve(result) : queued();
}

/**
 * Inside `writeTransaction`, make writers of the same `key` (e.g. "rest-create:12:todos")
 * take turns until the transaction ends, for a read-then-write that a conditional
 * UPDATE cannot express (a count limit, the next free id). SQLite: nothing to
 * do, `BEGIN IMMEDIATE` already holds the one write lock. Postgres: a
 * transaction-scoped advisory lock on a 64-bit hash of the key.
 */
export async function lockKey(trx: Executor, key: string): Promise<void> {
  if (dialectName() !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
