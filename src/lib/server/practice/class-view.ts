import { getKysely } from '../db/database';
import { median, type LearnerRow } from './class-csv';
import { allExercises } from './exercises';

/**
 * The class view for administrators: per exercise, how many learners tried
 * it, the pass rate, the median number of Checks and how often the solution
 * was used; per learner, their record of each exercise. Learners never see
 * this (the pages and endpoints check the role).
 */

export type { LearnerRow };

/** One exercise's numbers over the class. */
export interface ExerciseStats {
  lesson: string;
  id: string;
  title: string;
  learners: number;
  passed: number;
  /** passed / learners, 0..1; null when nobody tried. */
  passRate: number | null;
  /** Median Checks among learners who tried; null when nobody did. */
  medianAttempts: number | null;
  usedSolution: number;
}

/** Everything the class view shows, for exercises of published lessons. */
export async function classView(): Promise<{ exercises: ExerciseStats[]; learners: LearnerRow[] }> {
  const rows = await getKysely()
    .selectFrom('exercise_progress as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.email', 'p.lesson', 'p.exercise', 'p.attempts', 'p.passed_at', 'p.used_solution'])
    .orderBy('u.email')
    .orderBy('p.lesson')
    .orderBy('p.exercise')
    .execute();
  const exercises: ExerciseStats[] = [];
  const known = new Set<string>();
  for (const { lesson, exercises: list } of await allExercises()) {
    for (const x of list) {
      known.add(`${lesson.id}/${x.id}`);
      const mine = rows.filter((r) => r.lesson === lesson.id && r.exercise === x.id);
      const tried = mine.filter((r) => r.attempts > 0);
      const passed = mine.filter((r) => r.passed_at !== null).length;
      exercises.push({
        lesson: lesson.id,
        id: x.id,
        title: x.title,
        learners: tried.length,
        passed,
        passRate: tried.length ? passed / tried.length : null,
        medianAttempts: median(tried.map((r) => r.attempts)),
        usedSolution: mine.filter((r) => r.used_solution === 1).length,
      });
    }
  }
  const learners = rows
    .filter((r) => known.has(`${r.lesson}/${r.exercise}`))
    .map((r) => ({
      email: r.email,
      lesson: r.lesson,
      exercise: r.exercise,
      attempts: r.attempts,
      passed: r.passed_at !== null,
      usedSolution: r.used_solution === 1,
      passedAt: r.passed_at !== null ? new Date(r.passed_at).toISOString() : null,
    }));
  return { exercises, learners };
}
