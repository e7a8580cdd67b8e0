import type { APIRoute } from 'astro';
import { requireScope } from '../../../lib/server/auth/require-scope';
import { json } from '../../../lib/server/http/errors';
import { progressOf } from '../../../lib/server/practice/progress-view';

/** GET /api/me/progress: the caller's progress on every exercise of every published lesson (session or `account:read`). */
export const GET: APIRoute = async ({ locals }) => {
  const principal = requireScope(locals.principal, 'account:read');
  return json(await progressOf(principal.user.id));
};
