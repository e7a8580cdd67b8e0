import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requireScope } from '../../../lib/server/auth/require-scope';
import { parseBody } from '../../../lib/server/crypto/request';
import { readJson } from '../../../lib/server/http/body';
import { errorResponse, json } from '../../../lib/server/http/errors';
import { notebookBudget } from '../../../lib/server/notebook/limits';
import { findExercise } from '../../../lib/server/practice/exercises';
import { recordSolutionUsed } from '../../../lib/server/practice/progress-store';

const schema = z.object({ lesson: z.string().max(80), exercise: z.string().max(64) }).strict();

/**
 * POST /api/practice/solution {lesson, exercise}: the solution's code, and
 * the exercise marked "solution used" (browser session or `progress`). A
 * POST because it records; the solution is never in the page before.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const principal = requireScope(locals.principal, 'progress');
  const limited = await notebookBudget('progress', principal.user.id);
  if (limited) return limited;
  const body = parseBody(schema, await readJson(request, 1024));
  const found = await findExercise(body.lesson, body.exercise);
  if (!found) return errorResponse(404, 'exercise_not_found', 'No such exercise in a published lesson.');
  await recordSolutionUsed(principal.user.id, found.lesson.id, found.exercise.id);
  return json({ exercise: found.exercise.id, solution: found.exercise.solution });
};
