import { DEFAULT_LIMITS, inspect, logText, type InspectLimits, type InspectNode } from './inspect';

/** Tables for display() and console.table: which values are tabular, and their plain-text form. */

/** Rows and columns for a table view of an array (or record) of objects. */
export interface TableData {
  /** Row labels: array indexes or record keys. */
  index: string[];
  columns: string[];
  /** `rows[r][c]` is the value of column c in row r; null when the row lacks it. */
  rows: Array<Array<InspectNode | null>>;
  /** Rows left out beyond the limit. */
  more: number;
  /** No "(index)" column: display() of a list, whose positions 0, 1, 2 tell the reader nothing (console.table keeps it). */
  hideIndex?: boolean;
}

const TABLE_ROWS = 200;
const TABLE_COLUMNS = 30;

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A table for an array of plain objects (or a record of them, or an array of
 * primitives), like `console.table`; null when the value is not tabular.
 */
export function tableFrom(value: unknown, limits: InspectLimits = { ...DEFAULT_LIMITS, depth: 2 }): TableData | null {
  let rowsIn: Array<[string, unknown]>;
  if (Array.isArray(value)) rowsIn = value.map((v, i) => [String(i), v]);
  else if (isPlainRecord(value)) rowsIn = Object.entries(value);
  else return null;
  if (rowsIn.length === 0) return null;
  const objects = rowsIn.every(([, v]) => isPlainRecord(v));
  const primitives = rowsIn.every(([, v]) => v === null || (typeof v !== 'object' && typeof v !== 'function'));
  if (!objects && !primitives) return null;
  const kept = rowsIn.slice(0, TABLE_ROWS);
  if (primitives) {
    return {
      index: kept.map(([k]) => k),
      columns: ['Values'],
      rows: kept.map(([, v]) => [inspect(v, limits)]),
      more: rowsIn.length - kept.length,
    };
  }
  const columns: string[] = [];
  for (const [, row] of kept) {
    for (const k of Object.keys(row as object)) {
      if (!columns.includes(k) && columns.length < TABLE_COLUMNS) columns.push(k);
    }
  }
  return {
    index: kept.map(([k]) => k),
    columns,
    rows: kept.map(([, row]) =>
      columns.map((c) => (Object.prototype.hasOwnProperty.call(row, c) ? inspect((row as Record<string, unknown>)[c], limits) : null)),
    ),
    more: rowsIn.length - kept.length,
  };
}

/** Plain-text rendering of a table (for copying and for tests). */
export function tableText(table: TableData): string {
  const index = (cells: string[], label: string | undefined) => (table.hideIndex ? cells : [label ?? '', ...cells]);
  const head = index(table.columns, '(index)').join('\t');
  const body = table.rows.map((r, i) =>
    index(
      r.map((c) => (c ? logText(c) : '')),
      table.index[i],
    ).join('\t'),
  );
  return [head, ...body, ...(table.more > 0 ? [`… ${table.more} more rows`] : [])].join('\n');
}
