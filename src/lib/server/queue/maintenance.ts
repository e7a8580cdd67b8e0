import { deleteExpiredLessonTokens } from '../auth/api-tokens';
import { deleteExpiredSessions } from '../auth/sessions';

/**
 * Housekeeping that runs as a scheduled BullMQ job in the worker, never in
 * the web process: expired sessions and lesson tokens are deleted hourly.
 */

/** Name of the maintenance queue. */
export const MAINTENANCE_QUEUE = 'maintenance';

/** How often the cleanup runs. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** Delete what has expired; returns what was removed, for the job's result. */
export function runCleanup(now = Date.now()): { sessions: number; lessonTokens: number } {
  return { sessions: deleteExpiredSessions(now), lessonTokens: deleteExpiredLessonTokens(now) };
}
