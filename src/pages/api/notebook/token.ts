import type { APIRoute } from 'astro';
import { readJson } from '../../../lib/server/http/body';
import { errorResponse, json } from '../../../lib/server/http/errors';
import { findPublishedLesson } from '../../../lib/server/notebook/catalogue';
import { warmServerCompiler } from '../../../lib/server/notebook/compile';
import { mintLessonToken } from '../../../lib/server/notebook/lesson-tokens';
import { notebookBudget } from '../../../lib/server/notebook/limits';
import { parseTokenRequest } from '../../../lib/server/notebook/validate';

/**
 * POST /api/notebook/token {lesson}: a short-lived lesson token for the
 * page's code cells. Browser sessions only: a program with an API token has
 * no use for one, and must not turn one token into many.
 */
export const POST: APIRoute = async ({ request, locals }) => {
  const principal = locals.principal;
  if (!principal) return errorResponse(401, 'unauthorized', 'Log in first.');
  if (principal.kind !== 'session') return errorResponse(403, 'forbidden', 'Lesson tokens are handed to lesson pages, not to API tokens.');
  const limited = await notebookBudget('token', principal.user.id);
  if (limited) return limited;
  const { lesson } = parseTokenRequest(await readJson(request, 1024));
  const entry = await findPublishedLesson(lesson);
  if (!entry) return errorResponse(404, 'lesson_not_found', `There is no published lesson "${lesson}".`);
  const { token, record } = await mintLessonToken(principal.user.id, lesson, { scopes: entry.data.scopes, sessionId: principal.session.id });
  // A reader is on a lesson page: have the compiler for their first edit ready.
  warmServerCompiler();
  return json({ token, expiresAt: record.expiresAt, scopes: record.scopes });
};
