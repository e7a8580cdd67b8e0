import { deleteExpiredLessonTokens } from '../auth/api-tokens';
import { deleteStaleResetTokens } from '../auth/reset-tokens';
import { deleteExpiredSessions } from '../auth/sessions';
import { sweepFullBuckets } from '../auth/throttle';

/**
 * Housekeeping that runs as a scheduled BullMQ job in the worker, never in
 * the web process: expired sessions, lesson tokens and reset tokens, and
 * refilled throttle buckets, are deleted hourly.
 */

/** Name of the maintenance queue. */
export const MAINTENANCE_QUEUE = 'maintenance';

/** How often the cleanup runs. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** Delete what has expired; returns what was removed, for the job's result. */
export async function runCleanup(
  now = Date.now(),
): Promise<{ sessions: number; lessonTokens: number; resetTokens: number; throttleBuckets: number }> {
  return {
    sessions: await deleteExpiredSessions(now),
    lessonTokens: await deleteExpiredLessonTokens(now),
    resetTokens: await deleteStaleResetTokens(now),
    throttleBuckets: await sweepFullBuckets(now),
  };
}
