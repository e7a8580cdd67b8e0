import type { Statement } from 'better-sqlite3';
import { RESOURCES, MAX_CREATED_PER_RESOURCE } from '../../shared/rest/spec';
import type { ResourceName, RestItem } from '../../shared/rest/types';
import { getDb, type Db } from '../db/connection';
import { ApiError } from '../http/errors';
import { dataset } from './dataset/generate';
import { publishChange } from './events';

/**
 * Each learner's view of the data: the shared, read-only data set with their
 * own rows from `rest_overrides` laid over it. REST handlers and GraphQL
 * resolvers both read and write through here, so both see the same records,
 * and every write is announced to live subscribers.
 */

interface OverrideRow {
  item_id: number;
  body: string | null;
}

interface Statements {
  one: Statement<[number, string, number], OverrideRow>;
  all: Statement<[number, string], OverrideRow>;
  maxId: Statement<[number, string], { m: number | null }>;
  created: Statement<[number, string, number], { n: number }>;
  upsert: Statement<[number, string, number, string | null, number]>;
  resetOne: Statement<[number, string]>;
  resetAll: Statement<[number]>;
}

const prepared = new WeakMap<Db, Statements>();

function statements(): Statements {
  const db = getDb();
  let s = prepared.get(db);
  if (!s) {
    s = {
      one: db.prepare('SELECT item_id, body FROM rest_overrides WHERE user_id = ? AND resource = ? AND item_id = ?'),
      all: db.prepare('SELECT item_id, body FROM rest_overrides WHERE user_id = ? AND resource = ? ORDER BY item_id'),
      maxId: db.prepare('SELECT MAX(item_id) AS m FROM rest_overrides WHERE user_id = ? AND resource = ?'),
      created: db.prepare('SELECT COUNT(*) AS n FROM rest_overrides WHERE user_id = ? AND resource = ? AND item_id > ?'),
      upsert: db.prepare(
        `INSERT INTO rest_overrides (user_id, resource, item_id, body, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, resource, item_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      ),
      resetOne: db.prepare('DELETE FROM rest_overrides WHERE user_id = ? AND resource = ?'),
      resetAll: db.prepare('DELETE FROM rest_overrides WHERE user_id = ?'),
    };
    prepared.set(db, s);
  }
  return s;
}

/** Counters of SQL reads, so tests can see that batching really batches. */
export const storeStats = { reads: 0 };

function parseBody(row: OverrideRow): RestItem | null {
  return row.body === null ? null : (JSON.parse(row.body) as RestItem);
}

function baseItem(resource: ResourceName, id: number): RestItem | null {
  return id >= 1 && id <= RESOURCES[resource].baseCount ? dataset()[resource][id - 1]! : null;
}

/** One record as the learner sees it, or null. */
export function getItem(viewerId: number, resource: ResourceName, id: number): RestItem | null {
  storeStats.reads++;
  const row = statements().one.get(viewerId, resource, id);
  return row ? parseBody(row) : baseItem(resource, id);
}

/** Every record of a collection as the learner sees it, ordered by id. */
export function listItems(viewerId: number, resource: ResourceName): RestItem[] {
  storeStats.reads++;
  const rows = statements().all.all(viewerId, resource);
  const base = dataset()[resource];
  if (rows.length === 0) return base.slice();
  const overrides = new Map(rows.map((r) => [r.item_id, parseBody(r)]));
  const out: RestItem[] = [];
  for (const item of base) {
    if (!overrides.has(item.id)) out.push(item);
    else {
      const mine = overrides.get(item.id);
      if (mine) out.push(mine);
    }
  }
  for (const r of rows) {
    if (r.item_id > base.length && r.body !== null) out.push(parseBody(r)!);
  }
  return out;
}

/**
 * Records whose integer `field` is one of `values`, grouped by value, read in
 * one query whatever the number of values (the DataLoader batch function).
 */
export function listByField(viewerId: number, resource: ResourceName, field: string, values: readonly number[]): Map<number, RestItem[]> {
  const wanted = new Set(values);
  const out = new Map<number, RestItem[]>(values.map((v) => [v, []]));
  for (const item of listItems(viewerId, resource)) {
    const v = (item as unknown as Record<string, unknown>)[field];
    if (typeof v === 'number' && wanted.has(v)) out.get(v)!.push(item);
  }
  return out;
}

/** Several records by id in one query (the DataLoader batch function). */
export function getItems(viewerId: number, resource: ResourceName, ids: readonly number[]): Map<number, RestItem | null> {
  const byId = new Map(listItems(viewerId, resource).map((i) => [i.id, i]));
  return new Map(ids.map((id) => [id, byId.get(id) ?? null]));
}

/** Create a record with the next free id; 403 once the learner has created too many. */
export function createItem(viewerId: number, resource: ResourceName, value: Record<string, unknown>): RestItem {
  const s = statements();
  const base = RESOURCES[resource].baseCount;
  const item = getDb()
    .transaction(() => {
      if (s.created.get(viewerId, resource, base)!.n >= MAX_CREATED_PER_RESOURCE) {
        throw new ApiError(
          403,
          'quota_exceeded',
          `You have created ${MAX_CREATED_PER_RESOURCE} ${resource}; reset your data with POST /api/rest/reset to start again.`,
        );
      }
      const id = Math.max(base, s.maxId.get(viewerId, resource)!.m ?? 0) + 1;
      const record = { ...value, id } as Record<string, unknown>;
      const ordered = orderLike(resource, record);
      s.upsert.run(viewerId, resource, id, JSON.stringify(ordered), Date.now());
      return ordered as unknown as RestItem;
    })
    .immediate();
  publishChange({ viewerId, resource, kind: 'created', id: item.id, item });
  return item;
}

/** Store the learner's new version of an existing record. */
export function saveItem(viewerId: number, resource: ResourceName, id: number, value: Record<string, unknown>): RestItem {
  const ordered = orderLike(resource, { ...value, id }) as unknown as RestItem;
  statements().upsert.run(viewerId, resource, id, JSON.stringify(ordered), Date.now());
  publishChange({ viewerId, resource, kind: 'updated', id, item: ordered });
  return ordered;
}

/** Delete a record from the learner's view; false when it was not there. */
export function deleteItem(viewerId: number, resource: ResourceName, id: number): boolean {
  const s = statements();
  const deleted = getDb()
    .transaction(() => {
      const row = s.one.get(viewerId, resource, id);
      const exists = row ? row.body !== null : baseItem(resource, id) !== null;
      if (!exists) return false;
      s.upsert.run(viewerId, resource, id, null, Date.now());
      return true;
    })
    .immediate();
  if (deleted) publishChange({ viewerId, resource, kind: 'deleted', id, item: null });
  return deleted;
}

/** Forget the learner's changes to one collection (or all); returns how many rows went. */
export function resetItems(viewerId: number, resource?: ResourceName): number {
  const s = statements();
  return resource ? s.resetOne.run(viewerId, resource).changes : s.resetAll.run(viewerId).changes;
}

function orderLike(resource: ResourceName, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of RESOURCES[resource].fields) {
    if (record[f.name] !== undefined) out[f.name] = record[f.name];
  }
  return out;
}
