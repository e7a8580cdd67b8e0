import type { APIRoute } from 'astro';
import { learnersCsv } from '../../../../lib/server/practice/class-csv';
import { classView } from '../../../../lib/server/practice/class-view';
import { requireAdminSession } from '../../../../lib/server/practice/require-admin';

/** GET /api/practice/class/learners.csv: per-learner progress as CSV (administrators only). */
export const GET: APIRoute = async ({ locals }) => {
  requireAdminSession(locals.principal);
  const { learners } = await classView();
  return new Response(learnersCsv(learners), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="practice-progress.csv"' },
  });
};
