import type Database from 'better-sqlite3';
import type { HistogramSeries } from './fast-histogram';
import { histogram } from './registry';
import { tracing } from '../tracing/hooks';
import { addServerTime } from './server-timing';

/**
 * SQLite statement durations, for `/metrics` and for the `db` part of
 * Server-Timing. better-sqlite3 has no hooks, so the first connection's
 * Statement prototype gets timed `run`, `get` and `all` (every statement of
 * every connection shares that prototype). Labelled only read or write:
 * SQL text would be an unbounded label. `iterate` is left alone, since its
 * cost is spread over the caller's loop. With tracing on, each statement is
 * also a span (its SQL, bound values never).
 */

const querySeconds = histogram(
  'db_query_duration_seconds',
  'SQLite statement (run, get, all) or Postgres query duration, by whether it reads or writes.',
  ['op'],
  [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2],
);
const reads = querySeconds.series('read');
const writes = querySeconds.series('write');

type Method = (this: Database.Statement, ...args: unknown[]) => unknown;
/** Marks the patched prototype, which both bundles of the web process share. */
const PATCHED = Symbol.for('interview-lab.metrics.db-timed');
/** A statement's series (reads or writes), kept on the statement. */
const SERIES = Symbol('db-series');

/** Time every statement of `db` (and every other connection of this process); idempotent. */
export function instrumentStatements(db: Database.Database): void {
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all', Method> & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  for (const name of ['run', 'get', 'all'] as const) {
    const original = proto[name];
    proto[name] = function timed(this: Database.Statement & { [SERIES]?: HistogramSeries }, ...args: unknown[]): unknown {
      const span = tracing()?.tracer.startSpan(`sqlite ${name}`, {
        attributes: { 'db.system.name': 'sqlite', 'db.query.text': this.source.slice(0, 1000) },
      });
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        addServerTime('db', ms);
        // `reader` is a native getter: asked once per statement, the answer kept on it.
        (this[SERIES] ??= this.reader ? reads : writes).observe(ms / 1000);
        span?.end();
      }
    };
  }
}

/**
 * One Postgres query's duration (from Kysely's log hook), into the same
 * histogram and Server-Timing entry as SQLite's statements.
 */
export function observePostgresQuery(text: string, ms: number): void {
  addServerTime('db', ms);
  (/^\s*select\b/i.test(text) ? reads : writes).observe(ms / 1000);
}
