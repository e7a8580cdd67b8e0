import type Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations';

/**
 * Versioned migrations: each runs once, inside a transaction together with
 * the row that records it, so a failed migration leaves nothing half-applied.
 */

/** Apply every migration newer than what the database has; returns the versions applied. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  assertOrdered(list);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const done: number[] = [];
  for (const m of list) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together
    // do not both try the same migration; the loser re-checks and skips it.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (again) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      done.push(m.version);
    }).immediate();
  }
  return done;
}

/** Throw unless versions strictly increase. */
export function assertOrdered(list: readonly Migration[]): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.version <= list[i - 1]!.version) {
      throw new Error(`Migrations out of order: ${list[i - 1]!.version} then ${list[i]!.version}`);
    }
  }
}
