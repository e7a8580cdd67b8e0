import { getKysely } from '../db/database';

/** Lessons a reader marked as done. */

/** Mark a lesson done (true) or not done (false); marking twice keeps the first time. */
export async function setLessonDone(userId: number, lesson: string, done: boolean, now = Date.now()): Promise<void> {
  const db = getKysely();
  if (done) {
    await db
      .insertInto('lesson_progress')
      .values({ user_id: userId, lesson, completed_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'lesson']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('lesson_progress').where('user_id', '=', userId).where('lesson', '=', lesson).execute();
  }
}

/** When each lesson was marked done, for a user. */
export async function listDoneLessons(userId: number): Promise<Map<string, number>> {
  const rows = await getKysely().selectFrom('lesson_progress').select(['lesson', 'completed_at']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.lesson, r.completed_at]));
}
