import type { APIRoute } from 'astro';
import { errorResponse, json } from '../../../../../lib/server/http/errors';
import { notebookBudget } from '../../../../../lib/server/notebook/limits';
import { requireVerifyCaller } from '../../../../../lib/server/practice/access';
import { findExercise } from '../../../../../lib/server/practice/exercises';
import { runVerifier } from '../../../../../lib/server/practice/verifiers';
import { isVerifierName } from '../../../../../lib/shared/practice/verifiers';

/**
 * GET /api/practice/verify/<lesson>/<exercise>: the exercise's server
 * verification, run on the caller's own state (read-only). Called by the
 * exercise's checks in the kernel with the lesson token.
 */
export const GET: APIRoute = async ({ params, locals }) => {
  const principal = requireVerifyCaller(locals.principal, params.lesson ?? '');
  const limited = await notebookBudget('verify', principal.user.id);
  if (limited) return limited;
  const found = await findExercise(params.lesson, params.exercise);
  if (!found) return errorResponse(404, 'exercise_not_found', 'No such exercise in a published lesson.');
  const name = found.exercise.verify;
  if (!name || !isVerifierName(name))
    return errorResponse(400, 'no_verification', 'This exercise has no server verification; its checks run in the notebook.');
  return json({ exercise: found.exercise.id, verify: name, ...(await runVerifier(name, principal.user.id)) });
};
