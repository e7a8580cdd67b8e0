import { allExercises } from './exercises';
import { listUserRecords } from './progress-store';

/**
 * A learner's progress as `GET /api/me/progress` answers it (the public
 * contract): every exercise of every published lesson, with what the
 * learner did, zeros where they did nothing.
 */

/** One exercise in the progress answer. */
export interface ExerciseProgress {
  id: string;
  title: string;
  passed: boolean;
  attempts: number;
  usedSolution: boolean;
  passedAt: string | null;
}

/** One lesson in the progress answer. */
export interface LessonProgress {
  slug: string;
  exercises: ExerciseProgress[];
}

/** The progress of one learner over every published lesson. */
export async function progressOf(userId: number): Promise<{ lessons: LessonProgress[] }> {
  const records = await listUserRecords(userId);
  const lessons = (await allExercises()).map(({ lesson, exercises }) => ({
    slug: lesson.id,
    exercises: exercises.map((x) => {
      const r = records.get(`${lesson.id}/${x.id}`);
      return {
        id: x.id,
        title: x.title,
        passed: r?.passedAt != null,
        attempts: r?.attempts ?? 0,
        usedSolution: r?.usedSolution ?? false,
        passedAt: r?.passedAt != null ? new Date(r.passedAt).toISOString() : null,
      };
    }),
  }));
  return { lessons };
}

/** Passed and total exercises per lesson slug (the lesson list's "2 of 3"). */
export async function lessonCounts(userId: number): Promise<Map<string, { passed: number; total: number }>> {
  const { lessons } = await progressOf(userId);
  return new Map(lessons.map((l) => [l.slug, { passed: l.exercises.filter((x) => x.passed).length, total: l.exercises.length }]));
}
