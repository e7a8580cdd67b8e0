import type { ExerciseSummary } from '../../../integrations/notebook/remark-cells';
import type { Verification } from '../../shared/practice/verifiers';
import { isVerifierName } from '../../shared/practice/verifiers';
import { recordAttempt, type ExerciseRecord } from './progress-store';
import { runVerifier } from './verifiers';

/**
 * Judging a Check. The page reports what the checks in the kernel said; the
 * kernel runs the learner's code, so that verdict is only a claim. For an
 * exercise with a server verification the server runs it again here and a
 * pass needs both; for the others (pure computation, network traces) the
 * page's verdict is recorded as given (see docs/notebook.md, "What is trusted").
 */

/** The outcome of one recorded Check. */
export interface Judged {
  passed: boolean;
  record: ExerciseRecord;
  verification: Verification | null;
}

/** Record one Check of `exercise` by `userId`. */
export async function judgeAttempt(
  userId: number,
  lesson: string,
  exercise: ExerciseSummary,
  claimedPass: boolean,
  now = Date.now(),
): Promise<Judged> {
  const verification = exercise.verify && isVerifierName(exercise.verify) ? await runVerifier(exercise.verify, userId) : null;
  const passed = claimedPass && (verification ? verification.ok : true);
  return { passed, record: await recordAttempt(userId, lesson, exercise.id, passed, now), verification };
}
