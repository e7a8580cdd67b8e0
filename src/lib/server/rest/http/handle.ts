import { andThen, type MaybePromise } from '../../../shared/maybe-promise';
import { restOpenApi } from '../../../shared/rest/openapi';
import { ApiError } from '../../http/errors';
import { readIndex, readList, representation, requireItem } from './read';
import { apiErrorReply, errorReply, type Call, type Reply } from '../../api-call';
import { allowedMethods, allowHeader, matchRestRoute, type RestRoute } from './route';
import { createRecord, deleteRecord, resetRecords, updateRecord } from './write';

/**
 * The REST API behind /api/rest: match the path, refuse methods the route
 * does not take (405 with Allow), then read or write the learner's view. Bad
 * input of any kind comes back as the one JSON error format with a 4xx.
 */

function dispatch(call: Call, viewerId: number, route: RestRoute): MaybePromise<Reply> {
  const method = call.method;
  switch (route.kind) {
    case 'index':
      return readIndex(call);
    case 'openapi':
      return representation(call, restOpenApi(), { cacheControl: 'no-cache' });
    case 'reset':
      return resetRecords(call.url, viewerId);
    case 'collection':
      return method === 'POST' ? createRecord(call, viewerId, route.resource) : readList(call, viewerId, route.resource);
    case 'item':
      if (method === 'DELETE') return deleteRecord(call, viewerId, route.resource, route.id);
      if (method === 'PUT' || method === 'PATCH') return updateRecord(call, viewerId, route.resource, route.id);
      return andThen(requireItem(viewerId, route.resource, route.id), (item) => representation(call, item));
    case 'nested':
      return andThen(requireItem(viewerId, route.parent, route.parentId), () =>
        readList(call, viewerId, route.resource, { field: route.field, value: route.parentId }),
      );
  }
}

/** An ApiError thrown by a handler as its reply; anything else propagates (a 500, logged). */
function replyForError(err: unknown): Reply {
  if (err instanceof ApiError) return apiErrorReply(err);
  throw err;
}

/**
 * Answer one call to /api/rest/* for the learner `viewerId`. Routing
 * refusals answer synchronously, and so do reads where the database answers
 * at once (SQLite); writes, and reads on Postgres, return a promise.
 */
export function handleRestCall(call: Call, viewerId: number): MaybePromise<Reply> {
  const matched = matchRestRoute(call.pathname);
  if ('notFound' in matched) return errorReply(404, 'not_found', matched.notFound);
  const { route } = matched;
  const allow = allowHeader(route);
  if (call.method === 'OPTIONS') return { status: 204, headers: { allow }, body: null };
  if (!allowedMethods(route).includes(call.method)) {
    return errorReply(405, 'method_not_allowed', `${call.method} is not allowed on ${call.pathname}; use ${allow}.`, {
      headers: { allow },
    });
  }
  try {
    const reply = dispatch(call, viewerId, route);
    return reply instanceof Promise ? reply.catch(replyForError) : reply;
  } catch (err) {
    return replyForError(err);
  }
}
