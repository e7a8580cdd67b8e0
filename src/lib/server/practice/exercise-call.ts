import { z } from 'zod';
import type { ExerciseSummary } from '../../../integrations/notebook/remark-cells';
import type { Principal } from '../auth/principal';
import { requireScope } from '../auth/require-scope';
import { parseBody } from '../crypto/request';
import { readJson } from '../http/body';
import { errorResponse } from '../http/errors';
import type { Lesson } from '../notebook/catalogue';
import { notebookBudget } from '../notebook/limits';
import { findExercise } from './exercises';

/**
 * What the practice POSTs (attempts, solution) check before they record
 * anything, in one place: a browser session or a token with `progress`, the
 * per-user budget, a JSON body naming `{lesson, exercise}` (plus the
 * endpoint's own fields), and an exercise of a published lesson.
 */

/** The body fields every practice POST has. */
const EXERCISE_FIELDS = { lesson: z.string().max(80), exercise: z.string().max(64) };

/** A practice call that passed its guards. */
export interface ExerciseCall<T> {
  userId: number;
  body: T;
  lesson: Lesson;
  exercise: ExerciseSummary;
}

/**
 * Guard a practice POST; `extra` adds the endpoint's own body fields. A
 * refusal comes back as the Response to send (401/403 are thrown as ApiError,
 * like every endpoint's scope check).
 */
export async function openExerciseCall<E extends z.ZodRawShape>(
  principal: Principal | null,
  request: Request,
  extra: E,
): Promise<ExerciseCall<z.infer<z.ZodObject<typeof EXERCISE_FIELDS & E>>> | Response> {
  const { user } = requireScope(principal, 'progress');
  const limited = await notebookBudget('progress', user.id);
  if (limited) return limited;
  const body = parseBody(z.object({ ...EXERCISE_FIELDS, ...extra }).strict(), await readJson(request, 1024));
  const found = await findExercise(body.lesson, body.exercise);
  if (!found) return errorResponse(404, 'exercise_not_found', 'No such exercise in a published lesson.');
  return { userId: user.id, body, ...found };
}
