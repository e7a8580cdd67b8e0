import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/errors';
import { openExerciseCall } from '../../../lib/server/practice/exercise-call';
import { recordSolutionUsed } from '../../../lib/server/practice/progress-store';

/**
 * POST /api/practice/solution {lesson, exercise}: the solution's code, and
 * the exercise marked "solution used" (browser session or `progress`). A
 * POST because it records; the solution is never in the page before.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const call = await openExerciseCall(locals.principal, request, {});
  if (call instanceof Response) return call;
  await recordSolutionUsed(call.userId, call.lesson.id, call.exercise.id);
  return json({ exercise: call.exercise.id, solution: call.exercise.solution });
};
