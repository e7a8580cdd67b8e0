import { RESOURCES } from '../../../shared/rest/spec';
import type { ResourceName, RestItem } from '../../../shared/rest/types';
import { andThen, type MaybePromise } from '../../../shared/maybe-promise';
import { getConfig } from '../../config';
import { ApiError } from '../../http/errors';
import { applyListQuery, parseListQuery } from '../list-query';
import { getItem, listItems } from '../store';
import { etagOf, noneMatchHits } from './conditional';
import type { Call, Reply } from '../../api-call';
import { REST_BASE } from './route';

/**
 * GET and HEAD: one record, a collection, a nested list. Every answer has an
 * ETag and `Cache-Control: private, no-cache` (the data is per learner, and a
 * cache must check back, which costs a 304 when nothing changed).
 */

/** Cache policy of per-learner data: may be stored, must be revalidated. */
export const PRIVATE_REVALIDATE = 'private, no-cache';

// Shared records are frozen and keep their identity, so their JSON and ETag are computed once.
const memo = new WeakMap<object, { body: string; etag: string }>();

function serialized(data: unknown): { body: string; etag: string } {
  const frozen = typeof data === 'object' && data !== null && Object.isFrozen(data);
  const known = frozen ? memo.get(data) : undefined;
  if (known) return known;
  const body = JSON.stringify(data);
  const out = { body, etag: etagOf(body) };
  if (frozen) memo.set(data, out);
  return out;
}

/** A JSON representation with its ETag, or 304 when the client's copy is current. */
export function representation(
  call: Call,
  data: unknown,
  opts: { status?: number; headers?: Record<string, string>; cacheControl?: string } = {},
): Reply {
  const { body, etag } = serialized(data);
  const headers: Record<string, string> = {
    etag,
    'cache-control': opts.cacheControl ?? PRIVATE_REVALIDATE,
    vary: 'Authorization, Cookie',
    ...opts.headers,
  };
  const safe = call.method === 'GET' || call.method === 'HEAD';
  if (safe && noneMatchHits(call.header('if-none-match'), etag)) return { status: 304, headers, body: null };
  headers['content-type'] = 'application/json; charset=utf-8';
  return { status: opts.status ?? 200, headers, body: call.method === 'HEAD' ? null : body };
}

/** A record or a 404 naming it (thrown, or the promise rejected with it). */
export function requireItem(viewerId: number, resource: ResourceName, id: number): MaybePromise<RestItem> {
  return andThen(getItem(viewerId, resource, id), (item) => {
    if (!item) throw new ApiError(404, 'not_found', `No ${RESOURCES[resource].singular} with id ${id}.`);
    return item;
  });
}

function linkHeader(url: URL, page: number, lastPage: number): string {
  const origin = getConfig().publicOrigin;
  const at = (p: number) => {
    const u = new URL(url.pathname + url.search, origin);
    u.searchParams.set('_page', String(p));
    return `<${u.toString()}>`;
  };
  const links = [`${at(1)}; rel="first"`];
  if (page > 1) links.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`);
  links.push(`${at(lastPage)}; rel="last"`);
  return links.join(', ');
}

/** GET a collection (or a nested list, when `within` fixes the parent field). */
export function readList(call: Call, viewerId: number, resource: ResourceName, within?: { field: string; value: number }): MaybePromise<Reply> {
  const spec = RESOURCES[resource];
  const query = parseListQuery(spec, call.url.searchParams, within?.field);
  if (within) query.filters.push({ field: within.field, values: [within.value] });
  return andThen(listItems(viewerId, resource), (items) => {
    const result = applyListQuery(spec, items, query);
    const headers: Record<string, string> = { 'x-total-count': String(result.total) };
    if (query.page !== null) headers.link = linkHeader(call.url, query.page, result.lastPage);
    return representation(call, result.items, { headers });
  });
}

/** The API's front page: where everything is. */
export function readIndex(call: Call): Reply {
  const collections = Object.fromEntries(
    Object.values(RESOURCES).map((r) => [
      r.name,
      { href: `${REST_BASE}/${r.name}`, count: r.baseCount, nested: Object.keys(r.children).map((c) => `${REST_BASE}/${r.name}/{id}/${c}`) },
    ]),
  );
  return representation(call, {
    collections,
    openapi: `${REST_BASE}/openapi.json`,
    reset: { method: 'POST', href: `${REST_BASE}/reset` },
    graphql: '/api/graphql',
  });
}
