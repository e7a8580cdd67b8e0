import type { APIRoute } from 'astro';
import { z } from 'zod';
import { json } from '../../../lib/server/http/errors';
import { judgeAttempt } from '../../../lib/server/practice/attempts';
import { openExerciseCall } from '../../../lib/server/practice/exercise-call';

/**
 * POST /api/practice/attempts {lesson, exercise, passed}: record one Check
 * (browser session or `progress`; lesson tokens cannot). Where the exercise
 * has a server verification, the server's own verdict decides the pass.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const call = await openExerciseCall(locals.principal, request, { passed: z.boolean() });
  if (call instanceof Response) return call;
  const judged = await judgeAttempt(call.userId, call.lesson.id, call.exercise, call.body.passed);
  return json({
    exercise: call.exercise.id,
    passed: judged.passed,
    verification: judged.verification,
    attempts: judged.record.attempts,
    usedSolution: judged.record.usedSolution,
    passedAt: judged.record.passedAt !== null ? new Date(judged.record.passedAt).toISOString() : null,
  });
};
