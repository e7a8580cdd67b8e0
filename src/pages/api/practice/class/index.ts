import type { APIRoute } from 'astro';
import { json } from '../../../../lib/server/http/errors';
import { classView } from '../../../../lib/server/practice/class-view';
import { requireAdminSession } from '../../../../lib/server/practice/require-admin';

/** GET /api/practice/class: per-exercise numbers and per-learner progress (administrators only). */
export const GET: APIRoute = async ({ locals }) => {
  requireAdminSession(locals.principal);
  return json(await classView());
};
