import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * A dialect-neutral picture of a schema, to compare SQLite's and Postgres's
 * table by table: columns (normalised type, nullability, in order), primary
 * key, indexes and uniques (by columns, not by name, since SQLite names the
 * implicit ones itself) and foreign keys.
 */

export interface TableShape {
  columns: { name: string; type: string; notNull: boolean }[];
  primaryKey: string[];
  indexes: string[];
  foreignKeys: string[];
}

export type SchemaShape = Record<string, TableShape>;

/** INTEGER and BIGINT are one integer type here; the rest by family. */
function normaliseType(t: string): string {
  const s = t.toLowerCase();
  if (/int/.test(s)) return 'integer';
  if (/char|text/.test(s)) return 'text';
  if (/blob|bytea/.test(s)) return 'bytes';
  if (/real|double|float/.test(s)) return 'real';
  return s;
}

const DELETE_RULES: Record<string, string> = { c: 'cascade', n: 'set null', a: 'no action', r: 'restrict', d: 'set default' };

/** The shape of a SQLite database. */
export function sqliteShape(db: Database.Database): SchemaShape {
  const out: SchemaShape = {};
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const t of tables) {
    const cols = db.prepare(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY cid`).all(t) as {
      name: string;
      type: string;
      nn: number;
      pk: number;
    }[];
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes: string[] = [];
    for (const ix of db.prepare(`SELECT name, "unique" AS u, origin, partial FROM pragma_index_list(?)`).all(t) as {
      name: string;
      u: number;
      origin: string;
      partial: number;
    }[]) {
      if (ix.origin === 'pk') continue;
      const on = (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).pluck().all(ix.name) as string[]).join(',');
      indexes.push(`${ix.u ? 'unique ' : ''}(${on})${ix.partial ? ' partial' : ''}`);
    }
    const fks = db.prepare(`SELECT "from" AS f, "table" AS t, "to" AS c, on_delete AS d FROM pragma_foreign_key_list(?)`).all(t) as {
      f: string;
      t: string;
      c: string;
      d: string;
    }[];
    out[t] = {
      columns: cols.map((c) => ({ name: c.name, type: normaliseType(c.type), notNull: c.nn === 1 || c.pk > 0 })),
      primaryKey,
      indexes: indexes.sort(),
      foreignKeys: fks.map((k) => `${k.f} -> ${k.t}(${k.c}) on delete ${k.d.toLowerCase()}`).sort(),
    };
  }
  return out;
}

/** The shape of the `public` schema of a Postgres database. */
export async function postgresShape(client: pg.Client): Promise<SchemaShape> {
  const out: SchemaShape = {};
  const tables = (
    await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
  ).rows;
  for (const { name: t } of tables) {
    const cols = (
      await client.query<{ name: string; type: string; nullable: string }>(
        `SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [t],
      )
    ).rows;
    const ixRows = (
      await client.query<{ cols: string[]; uniq: boolean; primary: boolean; partial: boolean }>(
        `SELECT array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
                i.indisunique AS uniq, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial
         FROM pg_index i WHERE i.indrelid = $1::regclass`,
        [`public.${t}`],
      )
    ).rows;
    const fkRows = (
      await client.query<{ f: string; t: string; c: string; d: string }>(
        `SELECT a.attname AS f, r.relname AS t, fa.attname AS c, k.confdeltype AS d
         FROM pg_constraint k
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
         JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
         WHERE k.contype = 'f' AND k.conrelid = $1::regclass`,
        [`public.${t}`],
      )
    ).rows;
    out[t] = {
      columns: cols.map((c) => ({ name: c.name, type: normaliseType(c.type), notNull: c.nullable === 'NO' })),
      primaryKey: ixRows.find((i) => i.primary)?.cols ?? [],
      indexes: ixRows
        .filter((i) => !i.primary)
        .map((i) => `${i.uniq ? 'unique ' : ''}(${i.cols.join(',')})${i.partial ? ' partial' : ''}`)
        .sort(),
      foreignKeys: fkRows.map((k) => `${k.f} -> ${k.t}(${k.c}) on delete ${DELETE_RULES[k.d] ?? k.d}`).sort(),
    };
  }
  return out;
}
