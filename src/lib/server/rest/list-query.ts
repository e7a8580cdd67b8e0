import { scalarFields, textFields, type FieldDef, type ResourceSpec } from '../../shared/rest/spec';
import type { RestItem } from '../../shared/rest/types';
import { ApiError, type FieldErrors } from '../http/errors';

/**
 * The query string of a list request, json-server style: `?field=value`
 * filters (repeat a field to match any of several values), `q` full-text,
 * `_sort`/`_order`, and `_page`/`_limit` paging. Anything else, or a value
 * of the wrong type, is a 400 naming the parameter.
 */

type Scalar = string | number | boolean;

export interface ListQuery {
  filters: Array<{ field: string; values: Scalar[] }>;
  q: string | null;
  sort: Array<{ field: string; desc: boolean }>;
  /** Both null: no paging, the whole list. */
  page: number | null;
  limit: number | null;
}

/** Default page size when `_page` comes without `_limit` (as json-server does). */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_LIMIT = 1000;
const MAX_PAGE = 100_000;
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 200;
const MAX_SORT_FIELDS = 3;
const CONTROL_PARAMS = ['q', '_page', '_limit', '_sort', '_order'];

function parseInteger(raw: string, min: number, max: number): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

function parseFilterValue(f: FieldDef, raw: string): Scalar | undefined {
  if (f.kind === 'id' || f.kind === 'integer') return parseInteger(raw, 0, 999_999_999) ?? undefined;
  if (f.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  return raw;
}

/** Parse and check a list query; `fixed` names a field the route already filters on (nested routes). */
export function parseListQuery(spec: ResourceSpec, params: URLSearchParams, fixed?: string): ListQuery {
  const problems: FieldErrors = {};
  const scalars = new Map(scalarFields(spec).map((f) => [f.name, f]));
  const query: ListQuery = { filters: [], q: null, sort: [], page: null, limit: null };
  const names = [...new Set(params.keys())];
  if (names.length > 30) throw new ApiError(400, 'invalid_query', 'Too many query parameters (at most 30).');

  for (const name of names) {
    const values = params.getAll(name);
    if (values.some((v) => v.length > MAX_VALUE_LENGTH)) {
      problems[name] = `values must be at most ${MAX_VALUE_LENGTH} characters`;
      continue;
    }
    if (CONTROL_PARAMS.includes(name)) {
      if (values.length > 1) problems[name] = 'give this parameter once';
      continue;
    }
    const field = scalars.get(name);
    if (!field || name === fixed) {
      const allowed = [...scalars.keys()].filter((n) => n !== fixed);
      problems[name] = `unknown parameter; filter by ${allowed.join(', ')}, or use ${CONTROL_PARAMS.join(', ')}`;
      continue;
    }
    if (values.length > MAX_VALUES) {
      problems[name] = `at most ${MAX_VALUES} values`;
      continue;
    }
    const parsed = values.map((v) => parseFilterValue(field, v));
    if (parsed.includes(undefined)) {
      problems[name] = field.kind === 'boolean' ? 'must be true or false' : 'must be a whole number';
      continue;
    }
    query.filters.push({ field: name, values: parsed as Scalar[] });
  }

  const q = params.get('q');
  if (q !== null && !problems.q) query.q = q.toLowerCase();

  const page = params.get('_page');
  const limit = params.get('_limit');
  if (page !== null && !problems._page) {
    query.page = parseInteger(page, 1, MAX_PAGE);
    if (query.page === null) problems._page = `must be a whole number from 1 to ${MAX_PAGE}`;
  }
  if (limit !== null && !problems._limit) {
    query.limit = parseInteger(limit, 1, MAX_LIMIT);
    if (query.limit === null) problems._limit = `must be a whole number from 1 to ${MAX_LIMIT}`;
  }
  if (query.page !== null && query.limit === null && !problems._limit) query.limit = DEFAULT_PAGE_SIZE;
  if (query.limit !== null && query.page === null) query.page = 1;

  const sort = params.get('_sort');
  const order = params.get('_order');
  if (sort !== null && !problems._sort) {
    const fields = sort.split(',').map((s) => s.trim());
    const orders = order === null ? [] : order.split(',').map((s) => s.trim().toLowerCase());
    if (fields.length > MAX_SORT_FIELDS) problems._sort = `sort by at most ${MAX_SORT_FIELDS} fields`;
    else if (fields.some((f) => !scalars.has(f))) problems._sort = `sort by ${[...scalars.keys()].join(', ')} (comma-separated)`;
    else if (orders.some((o) => o !== 'asc' && o !== 'desc')) problems._order = 'must be asc or desc (comma-separated, one per _sort field)';
    else if (orders.length > 1 && orders.length !== fields.length) problems._order = 'give one order for every _sort field, or just one for all';
    else query.sort = fields.map((field, i) => ({ field, desc: (orders[i] ?? orders[0] ?? 'asc') === 'desc' }));
  } else if (order !== null && sort === null && !problems._order) {
    problems._order = 'only makes sense together with _sort';
  }

  if (Object.keys(problems).length) {
    throw new ApiError(400, 'invalid_query', 'Some query parameters are not valid; see "fields".', { fields: problems });
  }
  return query;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/** Filter, search, sort and page a list; `total` counts the matches before paging. */
export function applyListQuery(
  spec: ResourceSpec,
  items: readonly RestItem[],
  query: ListQuery,
): { items: RestItem[]; total: number; lastPage: number } {
  const text = textFields(spec).map((f) => f.name);
  let out = items.filter((item) => {
    const rec = item as unknown as Record<string, unknown>;
    for (const f of query.filters) if (!f.values.includes(rec[f.field] as Scalar)) return false;
    if (query.q !== null && !text.some((n) => typeof rec[n] === 'string' && rec[n].toLowerCase().includes(query.q!))) return false;
    return true;
  });
  if (query.sort.length) {
    out = out.slice().sort((x, y) => {
      const a = x as unknown as Record<string, unknown>;
      const b = y as unknown as Record<string, unknown>;
      for (const s of query.sort) {
        const c = compare(a[s.field], b[s.field]);
        if (c !== 0) return s.desc ? -c : c;
      }
      return x.id - y.id;
    });
  }
  const total = out.length;
  if (query.limit === null || query.page === null) return { items: out, total, lastPage: 1 };
  const lastPage = Math.max(1, Math.ceil(total / query.limit));
  const start = (query.page - 1) * query.limit;
  return { items: out.slice(start, start + query.limit), total, lastPage };
}
