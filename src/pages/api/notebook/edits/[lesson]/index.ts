import type { APIRoute } from 'astro';
import { requireScope } from '../../../../../lib/server/auth/require-scope';
import { errorResponse, json } from '../../../../../lib/server/http/errors';
import { findPublishedLesson } from '../../../../../lib/server/notebook/catalogue';
import { listEdits } from '../../../../../lib/server/notebook/edits';

/** GET /api/notebook/edits/<lesson>: the caller's saved edits of a lesson's cells. */
export const GET: APIRoute = async ({ params, locals }) => {
  const principal = requireScope(locals.principal, 'progress');
  const lesson = await findPublishedLesson(params.lesson ?? '');
  if (!lesson) return errorResponse(404, 'lesson_not_found', 'No such published lesson.');
  return json({ lesson: lesson.id, edits: [...(await listEdits(principal.user.id, lesson.id)).values()] });
};
