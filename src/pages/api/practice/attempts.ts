import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requireScope } from '../../../lib/server/auth/require-scope';
import { parseBody } from '../../../lib/server/crypto/request';
import { readJson } from '../../../lib/server/http/body';
import { errorResponse, json } from '../../../lib/server/http/errors';
import { notebookBudget } from '../../../lib/server/notebook/limits';
import { judgeAttempt } from '../../../lib/server/practice/attempts';
import { findExercise } from '../../../lib/server/practice/exercises';

const schema = z.object({ lesson: z.string().max(80), exercise: z.string().max(64), passed: z.boolean() }).strict();

/**
 * POST /api/practice/attempts {lesson, exercise, passed}: record one Check
 * (browser session or `progress`; lesson tokens cannot). Where the exercise
 * has a server verification, the server's own verdict decides the pass.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const principal = requireScope(locals.principal, 'progress');
  const limited = await notebookBudget('progress', principal.user.id);
  if (limited) return limited;
  const body = parseBody(schema, await readJson(request, 1024));
  const found = await findExercise(body.lesson, body.exercise);
  if (!found) return errorResponse(404, 'exercise_not_found', 'No such exercise in a published lesson.');
  const judged = await judgeAttempt(principal.user.id, found.lesson.id, found.exercise, body.passed);
  return json({
    exercise: found.exercise.id,
    passed: judged.passed,
    verification: judged.verification,
    attempts: judged.record.attempts,
    usedSolution: judged.record.usedSolution,
    passedAt: judged.record.passedAt !== null ? new Date(judged.record.passedAt).toISOString() : null,
  });
};
