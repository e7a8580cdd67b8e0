import { MAX_CREATED_PER_RESOURCE, RESOURCES } from '../../shared/rest/spec';
import type { ResourceName, RestItem } from '../../shared/rest/types';
import { andThen, type MaybePromise } from '../../shared/maybe-promise';
import { getKysely } from '../db/database';
import { changed, lockKey, prepareQuery, writeTransaction } from '../db/query';
import { ApiError } from '../http/errors';
import { dataset } from './dataset/generate';
import { publishChange } from './events';

/**
 * Each learner's view of the data: the shared, read-only data set (in
 * memory) with their own rows from `rest_overrides` laid over it. REST
 * handlers and GraphQL resolvers both read and write through here, so both
 * see the same records on every web process and host, and every write is
 * announced to live subscribers. A read is one prepared query, answered
 * synchronously on SQLite (prepareQuery's allNow): GET /api/rest/todos/1 is
 * benchmarked against bare node:http.
 */

interface OverrideRow {
  item_id: number;
  body: string | null;
}

const oneOverride = prepareQuery<[number, ResourceName, number], OverrideRow>(3, (db, userId, resource, id) =>
  db
    .selectFrom('rest_overrides')
    .select(['item_id', 'body'])
    .where('user_id', '=', userId)
    .where('resource', '=', resource)
    .where('item_id', '=', id),
);

const allOverrides = prepareQuery<[number, ResourceName], OverrideRow>(2, (db, userId, resource) =>
  db.selectFrom('rest_overrides').select(['item_id', 'body']).where('user_id', '=', userId).where('resource', '=', resource).orderBy('item_id'),
);

/** Counters of SQL reads, so tests can see that batching really batches. */
export const storeStats = { reads: 0 };

function parseBody(row: OverrideRow): RestItem | null {
  return row.body === null ? null : (JSON.parse(row.body) as RestItem);
}

function baseItem(resource: ResourceName, id: number): RestItem | null {
  return id >= 1 && id <= RESOURCES[resource].baseCount ? dataset()[resource][id - 1]! : null;
}

/** One record as the learner sees it, or null. */
export function getItem(viewerId: number, resource: ResourceName, id: number): MaybePromise<RestItem | null> {
  storeStats.reads++;
  return andThen(oneOverride.firstNow([viewerId, resource, id]), (row) => (row ? parseBody(row) : baseItem(resource, id)));
}

/** Every record of a collection as the learner sees it, ordered by id. */
export function listItems(viewerId: number, resource: ResourceName): MaybePromise<RestItem[]> {
  storeStats.reads++;
  return andThen(allOverrides.allNow([viewerId, resource]), (rows) => overlay(dataset()[resource], rows));
}

/** The shared records with the learner's rows laid over them. */
function overlay(base: readonly RestItem[], rows: readonly OverrideRow[]): RestItem[] {
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
export async function listByField(
  viewerId: number,
  resource: ResourceName,
  field: string,
  values: readonly number[],
): Promise<Map<number, RestItem[]>> {
  const wanted = new Set(values);
  const out = new Map<number, RestItem[]>(values.map((v) => [v, []]));
  for (const item of await listItems(viewerId, resource)) {
    const v = (item as unknown as Record<string, unknown>)[field];
    if (typeof v === 'number' && wanted.has(v)) out.get(v)!.push(item);
  }
  return out;
}

/** Several records by id in one query (the DataLoader batch function). */
export async function getItems(viewerId: number, resource: ResourceName, ids: readonly number[]): Promise<Map<number, RestItem | null>> {
  const byId = new Map((await listItems(viewerId, resource)).map((i) => [i.id, i]));
  return new Map(ids.map((id) => [id, byId.get(id) ?? null]));
}

/** Create a record with the next free id; 403 once the learner has created too many. */
export async function createItem(viewerId: number, resource: ResourceName, value: Record<string, unknown>): Promise<RestItem> {
  const base = RESOURCES[resource].baseCount;
  const item = await writeTransaction(async (trx) => {
    // Creations of one learner's collection take turns: the quota count and the next id are read, then written.
    await lockKey(trx, `rest-create:${viewerId}:${resource}`);
    const mine = trx.selectFrom('rest_overrides').where('user_id', '=', viewerId).where('resource', '=', resource);
    const { created, maxId } = await mine
      .select((eb) => [
        eb.fn.count<number>(eb.case().when('item_id', '>', base).then(1).end()).as('created'),
        eb.fn.max<number | null>('item_id').as('maxId'),
      ])
      .executeTakeFirstOrThrow();
    if (Number(created) >= MAX_CREATED_PER_RESOURCE) {
      throw new ApiError(
        403,
        'quota_exceeded',
        `You have created ${MAX_CREATED_PER_RESOURCE} ${resource}; reset your data with POST /api/rest/reset to start again.`,
      );
    }
    // Deleted records keep their row (body NULL), so an id is never handed out twice.
    const id = Math.max(base, Number(maxId ?? 0)) + 1;
    const ordered = orderLike(resource, { ...value, id });
    await trx
      .insertInto('rest_overrides')
      .values({ user_id: viewerId, resource, item_id: id, body: JSON.stringify(ordered), updated_at: Date.now() })
      .execute();
    return ordered as unknown as RestItem;
  });
  publishChange({ viewerId, resource, kind: 'created', id: item.id, item });
  return item;
}

/** Store the learner's new version of an existing record. */
export async function saveItem(viewerId: number, resource: ResourceName, id: number, value: Record<string, unknown>): Promise<RestItem> {
  const ordered = orderLike(resource, { ...value, id }) as unknown as RestItem;
  await getKysely()
    .insertInto('rest_overrides')
    .values({ user_id: viewerId, resource, item_id: id, body: JSON.stringify(ordered), updated_at: Date.now() })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'resource', 'item_id'])
        .doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
  publishChange({ viewerId, resource, kind: 'updated', id, item: ordered });
  return ordered;
}

/**
 * Delete a record from the learner's view; false when it was not there. One
 * conditional statement, so of two deletes at once exactly one says true.
 */
export async function deleteItem(viewerId: number, resource: ResourceName, id: number): Promise<boolean> {
  const db = getKysely();
  const now = Date.now();
  const result =
    baseItem(resource, id) !== null
      ? // A shared record: write the learner's tombstone, unless one is there already.
        await db
          .insertInto('rest_overrides')
          .values({ user_id: viewerId, resource, item_id: id, body: null, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['user_id', 'resource', 'item_id']).doUpdateSet({ body: null, updated_at: now }).where('rest_overrides.body', 'is not', null),
          )
          .executeTakeFirst()
      : // A record the learner created: only its own row can say it exists.
        await db
          .updateTable('rest_overrides')
          .set({ body: null, updated_at: now })
          .where('user_id', '=', viewerId)
          .where('resource', '=', resource)
          .where('item_id', '=', id)
          .where('body', 'is not', null)
          .executeTakeFirst();
  const deleted = changed(result) === 1;
  if (deleted) publishChange({ viewerId, resource, kind: 'deleted', id, item: null });
  return deleted;
}

/** Forget the learner's changes to one collection (or all); returns how many rows went. */
export async function resetItems(viewerId: number, resource?: ResourceName): Promise<number> {
  let q = getKysely().deleteFrom('rest_overrides').where('user_id', '=', viewerId);
  if (resource) q = q.where('resource', '=', resource);
  return changed(await q.executeTakeFirst());
}

function orderLike(resource: ResourceName, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of RESOURCES[resource].fields) {
    if (record[f.name] !== undefined) out[f.name] = record[f.name];
  }
  return out;
}
