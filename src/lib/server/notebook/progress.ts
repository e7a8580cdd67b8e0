import { getDb } from '../db/connection';

/** Lessons a reader marked as done. */

/** Mark a lesson done (true) or not done (false). */
export function setLessonDone(userId: number, lesson: string, done: boolean, now = Date.now()): void {
  const db = getDb();
  if (done) {
    db.prepare(
      `INSERT INTO lesson_progress (user_id, lesson, completed_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, lesson) DO NOTHING`,
    ).run(userId, lesson, now);
  } else {
    db.prepare('DELETE FROM lesson_progress WHERE user_id = ? AND lesson = ?').run(userId, lesson);
  }
}

/** When each lesson was marked done, for a user. */
export function listDoneLessons(userId: number): Map<string, number> {
  const rows = getDb().prepare('SELECT lesson, completed_at FROM lesson_progress WHERE user_id = ?').all(userId) as Array<{
    lesson: string;
    completed_at: number;
  }>;
  return new Map(rows.map((r) => [r.lesson, r.completed_at]));
}
