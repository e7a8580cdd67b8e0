import pg from 'pg';
import { TableChecksum, type ValueKind } from './checksum';
import type { SourceTable } from './source';

/**
 * The Postgres side of `db:promote`: one connection and one transaction, so
 * a copy that fails or does not verify leaves the target as it was. Values
 * are read with pg's default parsers (int8 as exact decimal strings), not
 * the portal's pool's (which turn them into numbers), so checksums compare
 * exactly what is stored.
 */

/** Bind parameters per INSERT (Postgres allows 65,535). */
const MAX_PARAMS = 30_000;
const FETCH_ROWS = 5000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function kindOf(dataType: string): ValueKind {
  if (dataType === 'bigint' || dataType === 'integer' || dataType === 'smallint') return 'integer';
  if (dataType === 'double precision' || dataType === 'real' || dataType === 'numeric') return 'float';
  if (dataType === 'bytea') return 'bytes';
  return 'text';
}

/** A connected target database. */
export interface PromoteTarget {
  client: pg.Client;
  /** Column name to value kind, per table, for the tables in the current schema. */
  columns: Map<string, Map<string, ValueKind>>;
}

/** Connect (no statement timeout: a copy may take minutes) and read the schema. */
export async function connectTarget(url: string): Promise<PromoteTarget> {
  const client = new pg.Client({ connectionString: url, application_name: 'interview-lab-promote' });
  await client.connect();
  await client.query('SET statement_timeout = 0');
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`,
  );
  const columns = new Map<string, Map<string, ValueKind>>();
  for (const r of rows) {
    if (!columns.has(r.table_name)) columns.set(r.table_name, new Map());
    columns.get(r.table_name)!.set(r.column_name, kindOf(r.data_type));
  }
  return { client, columns };
}

/** Rows per table (tables with none left out). */
export async function nonEmptyTables(client: pg.Client, tables: readonly string[]): Promise<Array<{ table: string; rows: number }>> {
  const out = [];
  for (const t of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(t)}`);
    if (Number(rows[0]!.n) > 0) out.push({ table: t, rows: Number(rows[0]!.n) });
  }
  return out;
}

/** Insert rows in multi-row INSERTs of at most MAX_PARAMS values. */
export async function insertRows(client: pg.Client, table: SourceTable, rows: Iterable<unknown[]>): Promise<number> {
  const perBatch = Math.max(1, Math.floor(MAX_PARAMS / table.columns.length));
  const head = `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES `;
  let batch: unknown[][] = [];
  let inserted = 0;
  const flush = async () => {
    if (!batch.length) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v) => (params.push(typeof v === 'bigint' ? v.toString() : v), `$${params.length}`)).join(', ')})`);
    await client.query(head + tuples.join(', '), params);
    inserted += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return inserted;
}

/** Move identity sequences past the copied ids, so the next row the portal inserts gets a fresh one. */
export async function resetIdentities(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  for (const r of rows) {
    const t = quote(r.table_name);
    const c = quote(r.column_name);
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${c}) FROM ${t}), 0) + 1, false)`, [t, r.column_name]);
  }
}

/** Count and checksum a table's rows, reading through a cursor (inside the caller's transaction). */
export async function checksumTarget(target: PromoteTarget, table: SourceTable): Promise<TableChecksum> {
  const kinds = table.columns.map((c) => target.columns.get(table.name)?.get(c) ?? null);
  const sum = new TableChecksum();
  const cursor = `promote_${table.name.replace(/\W/g, '_')}`;
  await target.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`);
  for (;;) {
    const { rows } = await target.client.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
    for (const row of rows) sum.add(row, kinds);
    if (rows.length < FETCH_ROWS) break;
  }
  await target.client.query(`CLOSE ${cursor}`);
  return sum;
}
