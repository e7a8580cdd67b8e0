import type { APIRoute } from 'astro';
import { readForm } from '../../../lib/server/http/body';
import { errorResponse, json } from '../../../lib/server/http/errors';
import { findPublishedLesson } from '../../../lib/server/notebook/catalogue';
import { notebookBudget } from '../../../lib/server/notebook/limits';
import { setLessonDone } from '../../../lib/server/notebook/progress';

/**
 * POST /lessons/<slug>/progress (form `done=1|0`): mark a lesson done or not.
 * A plain form, so it works without JavaScript (303 back to the lesson); the
 * page script sends it with `Accept: application/json` and gets JSON.
 */
export const POST: APIRoute = async ({ params, locals, request }) => {
  const user = locals.user;
  if (!user) return errorResponse(401, 'unauthorized', 'Log in first.');
  const limited = await notebookBudget('progress', user.id);
  if (limited) return limited;
  const lesson = await findPublishedLesson(params.slug ?? '');
  if (!lesson) return errorResponse(404, 'lesson_not_found', 'No such published lesson.');
  const form = await readForm(request, 1024);
  const done = form.get('done');
  if (done !== '1' && done !== '0') return errorResponse(400, 'invalid_form', 'Send done=1 or done=0.', { fields: { done: 'must be 1 or 0' } });
  await setLessonDone(user.id, lesson.id, done === '1');
  if ((request.headers.get('accept') ?? '').includes('application/json')) return json({ lesson: lesson.id, done: done === '1' });
  return new Response(null, { status: 303, headers: { location: `/lessons/${lesson.id}#progress` } });
};
