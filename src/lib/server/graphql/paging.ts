import { RESOURCES } from '../../shared/rest/spec';
import type { ResourceName, RestItem } from '../../shared/rest/types';
import { applyListQuery, type ListQuery } from '../rest/list-query';
import { badInput } from './errors';

/**
 * Paged lists for GraphQL, built on the REST API's list logic so both APIs
 * filter and page the same way: `{ items, pageInfo }` with page from 1 and
 * limit from 1 to MAX_PAGE_SIZE.
 */

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  page?: number | null;
  limit?: number | null;
}

/** One page of records with its PageInfo. */
export function pageOf(resource: ResourceName, items: readonly RestItem[], args: PageArgs, filters: ListQuery['filters'] = []) {
  const page = args.page ?? 1;
  const limit = args.limit ?? 20;
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw badInput('page must be from 1 to 100000.', { page: 'must be from 1 to 100000' });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badInput(`limit must be from 1 to ${MAX_PAGE_SIZE}.`, { limit: `must be from 1 to ${MAX_PAGE_SIZE}` });
  }
  const result = applyListQuery(RESOURCES[resource], items, { filters, q: null, sort: [], page, limit });
  const totalPages = Math.max(1, Math.ceil(result.total / limit));
  return {
    items: result.items,
    pageInfo: { page, limit, totalCount: result.total, totalPages, hasNextPage: page < totalPages, hasPreviousPage: page > 1 },
  };
}

/** Equality filters from optional arguments (null and undefined mean "any"). */
export function filtersFrom(args: object, fields: readonly string[]): ListQuery['filters'] {
  const a = args as Record<string, unknown>;
  return fields.filter((f) => a[f] !== undefined && a[f] !== null).map((f) => ({ field: f, values: [a[f] as number | boolean] }));
}
