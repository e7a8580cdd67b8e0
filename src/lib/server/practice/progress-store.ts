import { getDb } from '../db/connection';

/** Per-learner exercise progress in SQLite (table exercise_progress, migration 201). */

/** One learner's record of one exercise. */
export interface ExerciseRecord {
  lesson: string;
  exercise: string;
  attempts: number;
  passedAt: number | null;
  usedSolution: boolean;
}

interface Row {
  user_id: number;
  lesson: string;
  exercise: string;
  attempts: number;
  passed_at: number | null;
  used_solution: number;
}

const toRecord = (r: Row): ExerciseRecord => ({
  lesson: r.lesson,
  exercise: r.exercise,
  attempts: r.attempts,
  passedAt: r.passed_at,
  usedSolution: r.used_solution === 1,
});

/** Count one Check; a pass sets the first-pass time (a later failure never clears it). */
export function recordAttempt(userId: number, lesson: string, exercise: string, passed: boolean, now = Date.now()): ExerciseRecord {
  const row = getDb()
    .prepare(
      `INSERT INTO exercise_progress (user_id, lesson, exercise, attempts, passed_at, last_attempt_at)
       VALUES (?, ?, ?, 1, ?, ?)
       ON CONFLICT (user_id, lesson, exercise) DO UPDATE SET
         attempts = attempts + 1,
         passed_at = COALESCE(passed_at, excluded.passed_at),
         last_attempt_at = excluded.last_attempt_at
       RETURNING *`,
    )
    .get(userId, lesson, exercise, passed ? now : null, now) as Row;
  return toRecord(row);
}

/** Remember that the learner loaded the solution. */
export function recordSolutionUsed(userId: number, lesson: string, exercise: string): ExerciseRecord {
  const row = getDb()
    .prepare(
      `INSERT INTO exercise_progress (user_id, lesson, exercise, used_solution) VALUES (?, ?, ?, 1)
       ON CONFLICT (user_id, lesson, exercise) DO UPDATE SET used_solution = 1
       RETURNING *`,
    )
    .get(userId, lesson, exercise) as Row;
  return toRecord(row);
}

/** A learner's records, keyed "lesson/exercise". */
export function listUserRecords(userId: number): Map<string, ExerciseRecord> {
  const rows = getDb().prepare('SELECT * FROM exercise_progress WHERE user_id = ?').all(userId) as Row[];
  return new Map(rows.map((r) => [`${r.lesson}/${r.exercise}`, toRecord(r)]));
}

/** Every learner's records (the class view), with the learner's id. */
export function listAllRecords(): Array<ExerciseRecord & { userId: number }> {
  const rows = getDb().prepare('SELECT * FROM exercise_progress ORDER BY user_id, lesson, exercise').all() as Row[];
  return rows.map((r) => ({ ...toRecord(r), userId: r.user_id }));
}
