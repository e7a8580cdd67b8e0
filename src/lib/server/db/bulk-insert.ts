import { CompiledQuery, type Selectable } from 'kysely';
import { dialectName, getKysely, type DialectName } from './database';
import type { Executor } from './query';
import type { DB } from './schema';

/**
 * Many rows into one table in as few statements as each backend allows,
 * skipping rows whose unique key is there already, so a batch written twice
 * (a retried job) inserts nothing the second time. This is the one place
 * the two dialects write a bulk insert differently:
 *
 * - SQLite: a multi-row `VALUES (?, ...), (?, ...)` list. Statements are
 *   prepared once per SQL text, and batches are mostly of one size, so the
 *   same statement runs again and again.
 * - Postgres: one array parameter per column spread by `unnest()`: five
 *   parameters whatever the row count, so nothing is re-parsed per row and
 *   `pg` sends one short message. (Measured on the inbox against a
 *   multi-row VALUES list and against COPY into a staging table, which
 *   ON CONFLICT needs: unnest was the fastest of the three.)
 */

/** A column of a bulk insert, with the Postgres type its array is read as. */
export interface BulkColumn<C extends string> {
  name: C;
  pgType: 'text' | 'bigint' | 'double precision';
}

/** What a bulk insert did: how many rows were new and, when asked for, their `returning` columns. */
export interface BulkResult<R> {
  inserted: number;
  rows: R[];
}

/** A prepared bulk insert into one table. */
export type BulkInsert<R> = (rows: readonly (readonly unknown[])[], db?: Executor) => Promise<BulkResult<R>>;

/** SQLite allows 32,766 bound values per statement; stay well below with 1,000 rows or fewer. */
const SQLITE_MAX_ROWS = 1000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Prepare `INSERT … ON CONFLICT (conflict) DO NOTHING [RETURNING …]` for
 * `table`; each call takes rows as arrays in `columns` order and runs them
 * on `db` (a transaction) or the process-wide builder.
 */
export function bulkInsertIgnoringDuplicates<
  T extends keyof DB & string,
  C extends keyof DB[T] & string,
  R extends keyof Selectable<DB[T]> & string = never,
>(table: T, columns: readonly BulkColumn<C>[], conflict: C, returning: readonly R[] = []): BulkInsert<Pick<Selectable<DB[T]>, R>> {
  const head = `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')})`;
  const tail = ` ON CONFLICT (${quote(conflict)}) DO NOTHING${returning.length ? ` RETURNING ${returning.map(quote).join(', ')}` : ''}`;
  const pgText = `${head} SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ')})${tail}`;
  const sqliteRow = `(${columns.map(() => '?').join(', ')})`;
  const sqliteTexts = new Map<number, string>();
  const sqliteText = (n: number): string => {
    let text = sqliteTexts.get(n);
    if (!text) sqliteTexts.set(n, (text = `${head} VALUES ${Array.from({ length: n }, () => sqliteRow).join(', ')}${tail}`));
    return text;
  };

  const statements = (rows: readonly (readonly unknown[])[], dialect: DialectName): CompiledQuery[] => {
    if (dialect === 'postgres')
      return [
        CompiledQuery.raw(
          pgText,
          columns.map((_, i) => rows.map((r) => r[i])),
        ),
      ];
    const out: CompiledQuery[] = [];
    for (let start = 0; start < rows.length; start += SQLITE_MAX_ROWS) {
      const batch = rows.slice(start, start + SQLITE_MAX_ROWS);
      out.push(CompiledQuery.raw(sqliteText(batch.length), batch.flat()));
    }
    return out;
  };

  return async (rows, db = getKysely()) => {
    const result: BulkResult<Pick<Selectable<DB[T]>, R>> = { inserted: 0, rows: [] };
    if (!rows.length) return result;
    for (const q of statements(rows, dialectName())) {
      const r = await db.executeQuery<Pick<Selectable<DB[T]>, R>>(q);
      if (returning.length) {
        result.rows.push(...r.rows);
        result.inserted += r.rows.length;
      } else {
        result.inserted += Number(r.numAffectedRows ?? 0n);
      }
    }
    return result;
  };
}
