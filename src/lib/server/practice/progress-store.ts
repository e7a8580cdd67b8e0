import type { Selectable } from 'kysely';
import { getKysely } from '../db/database';
import type { ExerciseProgressTable } from '../db/schema';

/**
 * Per-learner exercise progress (table exercise_progress, migration 201).
 * Every write is one upsert, so concurrent Checks of one exercise each count
 * and the first pass is never overwritten, on SQLite and Postgres alike.
 */

/** One learner's record of one exercise. */
export interface ExerciseRecord {
  lesson: string;
  exercise: string;
  attempts: number;
  passedAt: number | null;
  usedSolution: boolean;
}

type Row = Selectable<ExerciseProgressTable>;

const toRecord = (r: Row): ExerciseRecord => ({
  lesson: r.lesson,
  exercise: r.exercise,
  attempts: r.attempts,
  passedAt: r.passed_at,
  usedSolution: r.used_solution === 1,
});

const KEY = ['user_id', 'lesson', 'exercise'] as const;

/** Count one Check; a pass sets the first-pass time (a later failure never clears it). */
export async function recordAttempt(userId: number, lesson: string, exercise: string, passed: boolean, now = Date.now()): Promise<ExerciseRecord> {
  const row = await getKysely()
    .insertInto('exercise_progress')
    .values({ user_id: userId, lesson, exercise, attempts: 1, passed_at: passed ? now : null, last_attempt_at: now })
    .onConflict((oc) =>
      oc.columns(KEY).doUpdateSet((eb) => ({
        attempts: eb('exercise_progress.attempts', '+', 1),
        passed_at: eb.fn.coalesce('exercise_progress.passed_at', 'excluded.passed_at'),
        last_attempt_at: eb.ref('excluded.last_attempt_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Remember that the learner loaded the solution. */
export async function recordSolutionUsed(userId: number, lesson: string, exercise: string): Promise<ExerciseRecord> {
  const row = await getKysely()
    .insertInto('exercise_progress')
    .values({ user_id: userId, lesson, exercise, used_solution: 1 })
    .onConflict((oc) => oc.columns(KEY).doUpdateSet({ used_solution: 1 }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** A learner's records, keyed "lesson/exercise". */
export async function listUserRecords(userId: number): Promise<Map<string, ExerciseRecord>> {
  const rows = await getKysely().selectFrom('exercise_progress').selectAll().where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [`${r.lesson}/${r.exercise}`, toRecord(r)]));
}
