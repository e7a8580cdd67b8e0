import type { Statement } from 'better-sqlite3';
import { getDb, type Db } from './connection';

/**
 * Prepared statements kept per connection. Preparing SQL costs more than
 * running a simple indexed SELECT, so statements on hot paths (every API
 * call resolves its token) are prepared once and reused.
 */

const cache = new WeakMap<Db, Map<string, Statement>>();

/** The process-wide connection's statement for `sql`, prepared on first use. */
export function cachedStatement(sql: string): Statement {
  const db = getDb();
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let s = forDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    forDb.set(sql, s);
  }
  return s;
}
