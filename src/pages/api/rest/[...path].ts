import type { APIRoute } from 'astro';
import { errorResponse } from '../../../lib/server/http/errors';
import { serveRest } from '../../../lib/server/rest/http/entry';
import { callFromRequest, replyToResponse } from '../../../lib/server/api-call';

/**
 * /api/rest/*: the jsonplaceholder-compatible REST API (docs/apis.md). In
 * production server/web.ts answers these paths on a lean path before Astro
 * (src/lib/server/api-fast-path); this endpoint serves them under `npm run dev`.
 */
export const ALL: APIRoute = async ({ request, locals, url }) => {
  if (!locals.principal) return errorResponse(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  return replyToResponse(await serveRest(callFromRequest(request, url), locals.principal));
};
