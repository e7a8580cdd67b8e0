import type { Migration } from './index';

/**
 * Practice progress: one row per learner and exercise. `attempts` counts
 * Checks, `passed_at` is the first pass (never cleared), `used_solution`
 * says the learner loaded the solution (before or after passing).
 */
export const m0201Practice: Migration = {
  version: 201,
  name: 'practice',
  sql: `
    CREATE TABLE exercise_progress (
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      exercise TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      passed_at INTEGER,
      used_solution INTEGER NOT NULL DEFAULT 0 CHECK (used_solution IN (0, 1)),
      last_attempt_at INTEGER,
      PRIMARY KEY (user_id, lesson, exercise)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX exercise_progress_by_exercise ON exercise_progress(lesson, exercise);
  `,
  pg: `
    CREATE TABLE exercise_progress (
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      lesson TEXT NOT NULL,
      exercise TEXT NOT NULL,
      attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      passed_at BIGINT,
      used_solution BIGINT NOT NULL DEFAULT 0 CHECK (used_solution IN (0, 1)),
      last_attempt_at BIGINT,
      PRIMARY KEY (user_id, lesson, exercise)
    );
    CREATE INDEX exercise_progress_by_exercise ON exercise_progress(lesson, exercise);
  `,
};
