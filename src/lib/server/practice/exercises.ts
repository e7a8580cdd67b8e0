import type { ExerciseSummary } from '../../../integrations/notebook/remark-cells';
import { findPublishedLesson, publishedLessons, type Lesson } from '../notebook/catalogue';

/**
 * The exercises of the published lessons, as the remark plugin recorded
 * them at build time (solutions included: they never leave the server
 * except through the solution endpoint).
 */

/** An exercise's id pattern (the same as a cell's). */
export const EXERCISE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The exercises of a lesson, in page order. */
export function lessonExercises(lesson: Lesson): ExerciseSummary[] {
  const fm = lesson.rendered?.metadata?.frontmatter as { exercises?: ExerciseSummary[] } | undefined;
  return fm?.exercises ?? [];
}

/** Every published lesson with its exercises, in reading order. */
export async function allExercises(): Promise<Array<{ lesson: Lesson; exercises: ExerciseSummary[] }>> {
  return (await publishedLessons()).map((lesson) => ({ lesson, exercises: lessonExercises(lesson) }));
}

/** An exercise of a published lesson, or null (bad slug, bad id, unknown either way). */
export async function findExercise(slug: unknown, id: unknown): Promise<{ lesson: Lesson; exercise: ExerciseSummary } | null> {
  if (typeof slug !== 'string' || typeof id !== 'string' || !EXERCISE_ID.test(id)) return null;
  const lesson = await findPublishedLesson(slug);
  const exercise = lesson && lessonExercises(lesson).find((x) => x.id === id);
  return lesson && exercise ? { lesson, exercise } : null;
}
