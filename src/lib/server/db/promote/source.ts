import Database from 'better-sqlite3';
import { migrations } from '../migrations';

/**
 * The SQLite side of `db:promote`, opened read-only (the file is never
 * changed, not even its WAL), read inside one transaction so every table
 * comes from the same moment even while a portal still writes to it.
 */

/** A table to copy: its columns (in the database's order) and the tables its rows point to. */
export interface SourceTable {
  name: string;
  columns: string[];
  references: string[];
}

/** An open SQLite portal database. */
export interface PromoteSource {
  tables: SourceTable[];
  /** Every row of a table, as value arrays in `columns` order (integers as BigInt, blobs as Buffer). */
  rows(table: SourceTable): IterableIterator<unknown[]>;
  count(table: string): number;
  close(): void;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Open `file` read-only and list its tables; throws when it is missing or behind this version's migrations. */
export function openSource(file: string): PromoteSource {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.exec('BEGIN');
    const have = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const missing = migrations.filter((m) => !have.has(m.version)).map((m) => m.version);
    if (missing.length) throw new Error(`${file} lacks migrations ${missing.join(', ')}: run npm run db:migrate with this version first`);
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
      .pluck()
      .all() as string[];
    const tables = names.map((name) => ({
      name,
      columns: (db.prepare(`PRAGMA table_info(${quote(name)})`).all() as Array<{ name: string }>).map((c) => c.name),
      references: [...new Set((db.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as Array<{ table: string }>).map((f) => f.table))],
    }));
    return {
      tables: inDependencyOrder(tables),
      rows: (t) =>
        db
          .prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}`)
          .raw(true)
          .safeIntegers(true)
          .iterate() as IterableIterator<unknown[]>,
      count: (name) =>
        Number(
          db
            .prepare(`SELECT count(*) FROM ${quote(name)}`)
            .pluck()
            .get(),
        ),
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Tables ordered so every table comes after those it references (rows can then be inserted in order). */
export function inDependencyOrder(tables: SourceTable[]): SourceTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: SourceTable[] = [];
  const visit = (t: SourceTable, path: Set<string>): void => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    path.add(t.name);
    for (const r of t.references) if (r !== t.name && byName.has(r)) visit(byName.get(r)!, path);
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}
