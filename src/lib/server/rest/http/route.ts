import { isResourceName, RESOURCES } from '../../../shared/rest/spec';
import type { ResourceName } from '../../../shared/rest/types';

/**
 * Which REST route a path names, and the methods that route accepts, so the
 * handler can answer 404 for a path that names nothing and 405 (with
 * `Allow`) for a method the route does not take.
 */

export type RestRoute =
  | { kind: 'index' }
  | { kind: 'openapi' }
  | { kind: 'reset' }
  | { kind: 'collection'; resource: ResourceName }
  | { kind: 'item'; resource: ResourceName; id: number }
  | { kind: 'nested'; parent: ResourceName; parentId: number; resource: ResourceName; field: string };

/** The mount point of the REST API. */
export const REST_BASE = '/api/rest';

const METHODS: Record<RestRoute['kind'], readonly string[]> = {
  index: ['GET', 'HEAD'],
  openapi: ['GET', 'HEAD'],
  reset: ['POST'],
  collection: ['GET', 'HEAD', 'POST'],
  item: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'],
  nested: ['GET', 'HEAD'],
};

/** Methods a route accepts (OPTIONS is always answered too). */
export function allowedMethods(route: RestRoute): readonly string[] {
  return METHODS[route.kind];
}

/** The `Allow` header value of a route. */
export function allowHeader(route: RestRoute): string {
  return [...METHODS[route.kind], 'OPTIONS'].join(', ');
}

function parseId(segment: string): number | null {
  return /^[1-9]\d{0,8}$/.test(segment) ? Number(segment) : null;
}

/** What a path under /api/rest names; a 404 message when it names nothing. */
export function matchRestRoute(pathname: string): { route: RestRoute } | { notFound: string } {
  if (pathname !== REST_BASE && !pathname.startsWith(`${REST_BASE}/`)) return { notFound: 'Not a REST path.' };
  const segments = pathname.slice(REST_BASE.length).split('/').filter(Boolean);
  if (segments.length === 0) return { route: { kind: 'index' } };
  const [first, second, third, ...rest] = segments as [string, string?, string?, ...string[]];
  if (segments.length === 1 && first === 'openapi.json') return { route: { kind: 'openapi' } };
  if (segments.length === 1 && first === 'reset') return { route: { kind: 'reset' } };
  if (!isResourceName(first)) return { notFound: `There is no collection "${first}"; try ${Object.keys(RESOURCES).join(', ')}.` };
  const spec = RESOURCES[first];
  if (second === undefined) return { route: { kind: 'collection', resource: first } };
  const id = parseId(second);
  if (id === null) return { notFound: `No ${spec.singular} with id "${second}": ids are whole numbers from 1.` };
  if (third === undefined) return { route: { kind: 'item', resource: first, id } };
  const child = Object.prototype.hasOwnProperty.call(spec.children, third) ? spec.children[third] : undefined;
  if (!child || rest.length > 0) {
    const options = Object.keys(spec.children);
    return {
      notFound: options.length
        ? `/${first}/${id}/${third} is not a route; nested lists here: ${options.map((o) => `/${first}/${id}/${o}`).join(', ')}.`
        : `${first} have no nested lists.`,
    };
  }
  return { route: { kind: 'nested', parent: first, parentId: id, resource: child.resource, field: child.field } };
}
