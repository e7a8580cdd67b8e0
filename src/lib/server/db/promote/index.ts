import { Kysely, PostgresDialect } from 'kysely';
import { getConfig } from '../../config';
import { migratePostgres } from '../migrate-postgres';
import { createPool } from '../postgres';
import type { DB } from '../schema';
import { TableChecksum } from './checksum';
import { openSource, type PromoteSource, type SourceTable } from './source';
import { checksumTarget, connectTarget, insertRows, nonEmptyTables, resetIdentities, type PromoteTarget } from './target';

/**
 * `db:promote`: copy a SQLite portal into Postgres and prove the copy. The
 * target gets the schema from the same migrations the portal runs, then, in
 * one transaction, every table's rows (in foreign-key order), its identity
 * sequences moved past the copied ids, and a check that every table has the
 * same row count and checksum (checksum.ts) on both sides; anything else
 * rolls back. A target that already holds rows (beyond what the migrations
 * put there) is refused unless `force`
 * (then they are replaced in the same transaction), except that a target
 * identical to the source is reported as already promoted, so running it
 * again is always safe. The SQLite file is opened read-only.
 */

/**
 * Tables the migrations themselves fill (app_meta's `created_at`): a freshly
 * migrated database is still empty, and the copy replaces their rows with
 * the source's.
 */
const SEEDED_BY_MIGRATIONS = new Set(['app_meta']);

/** One table's verdict. */
export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

/** What happened. */
export interface PromoteReport {
  outcome: 'copied' | 'already-promoted' | 'refused' | 'mismatch';
  tables: TableReport[];
  /** For `refused`: the tables that already hold rows. */
  occupied?: Array<{ table: string; rows: number }>;
  ms: number;
}

function sourceChecksum(source: PromoteSource, table: SourceTable): TableChecksum {
  const sum = new TableChecksum();
  const kinds = table.columns.map(() => null);
  for (const row of source.rows(table)) sum.add(row, kinds);
  return sum;
}

async function compare(source: PromoteSource, target: PromoteTarget): Promise<TableReport[]> {
  const out: TableReport[] = [];
  for (const table of source.tables) {
    const s = sourceChecksum(source, table);
    const t = await checksumTarget(target, table);
    out.push({
      table: table.name,
      sourceRows: s.rows,
      targetRows: t.rows,
      sourceChecksum: s.hex(),
      targetChecksum: t.hex(),
      ok: s.rows === t.rows && s.hex() === t.hex(),
    });
  }
  return out;
}

async function migrateTarget(url: string): Promise<void> {
  const pool = createPool(url, { ...getConfig().dbPool, max: 1 }, () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgres(db);
  } finally {
    await db.destroy();
  }
}

/** Check that the target has every source table and column. */
function checkSchemas(source: PromoteSource, target: PromoteTarget): void {
  for (const t of source.tables) {
    const cols = target.columns.get(t.name);
    if (!cols) throw new Error(`the target has no table ${t.name} after migrating`);
    const missing = t.columns.filter((c) => !cols.has(c));
    if (missing.length) throw new Error(`the target's ${t.name} lacks columns ${missing.join(', ')}`);
  }
}

/** Promote the SQLite database `from` into the Postgres database at `to`. */
export async function promote(opts: { from: string; to: string; force: boolean; progress?: (line: string) => void }): Promise<PromoteReport> {
  const started = Date.now();
  const say = opts.progress ?? (() => undefined);
  const source = openSource(opts.from);
  let target: PromoteTarget | undefined;
  try {
    await migrateTarget(opts.to);
    target = await connectTarget(opts.to);
    checkSchemas(source, target);
    const names = source.tables.map((t) => t.name);
    await target.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const occupied = await nonEmptyTables(
      target.client,
      names.filter((n) => !SEEDED_BY_MIGRATIONS.has(n)),
    );
    if (occupied.length) {
      const tables = await compare(source, target);
      await target.client.query('ROLLBACK');
      if (tables.every((t) => t.ok)) return { outcome: 'already-promoted', tables, ms: Date.now() - started };
      if (!opts.force) return { outcome: 'refused', tables: [], occupied, ms: Date.now() - started };
      await target.client.query('BEGIN');
      say(`replacing the rows of ${occupied.length} table(s) (--force)`);
      await target.client.query(`TRUNCATE ${names.map((n) => `"${n}"`).join(', ')} RESTART IDENTITY CASCADE`);
    }
    for (const seeded of SEEDED_BY_MIGRATIONS) if (names.includes(seeded)) await target.client.query(`DELETE FROM "${seeded}"`);
    for (const table of source.tables) {
      const n = await insertRows(target.client, table, source.rows(table));
      say(`copied ${table.name}: ${n} rows`);
    }
    await resetIdentities(target.client);
    const tables = await compare(source, target);
    const ok = tables.every((t) => t.ok);
    await target.client.query(ok ? 'COMMIT' : 'ROLLBACK');
    return { outcome: ok ? 'copied' : 'mismatch', tables, ms: Date.now() - started };
  } catch (err) {
    await target?.client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    source.close();
    await target?.client.end();
  }
}
