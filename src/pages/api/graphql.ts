import type { APIRoute } from 'astro';
import { serveGraphql } from '../../lib/server/graphql/http';
import { errorResponse } from '../../lib/server/http/errors';
import { callFromRequest, replyToResponse } from '../../lib/server/api-call';

/**
 * /api/graphql (GraphQL over HTTP; docs/apis.md). In production server/web.ts
 * serves it on the lean path before Astro (src/lib/server/api-fast-path);
 * this endpoint serves it under `npm run dev`.
 */
export const ALL: APIRoute = async ({ request, locals, url }) => {
  if (!locals.principal) return errorResponse(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  return replyToResponse(await serveGraphql(callFromRequest(request, url), locals.principal));
};
