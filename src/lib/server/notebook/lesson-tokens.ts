import { DEFAULT_LESSON_SCOPES, LESSON_TOKEN_SCOPES, type Scope } from '../../shared/scopes';
import { createApiToken, deleteExpiredLessonTokens, type ApiToken } from '../auth/api-tokens';
import { announceCredentialsEnded } from '../auth/revocation';
import { getDb } from '../db/connection';

/**
 * Lesson tokens: what a lesson page hands its code cells. Short-lived,
 * named after the lesson, and limited to the learning APIs: never the
 * account (sessions, tokens) and never the reader's saved edits or progress,
 * so code in a cell cannot touch the reader's account.
 */

/** How long a lesson token lives; the page refreshes it well before. */
export const LESSON_TOKEN_TTL_MS = 15 * 60_000;

/** Live lesson tokens kept per user (open tabs); older ones are revoked when a new one is made. */
export const MAX_LIVE_LESSON_TOKENS = 20;

/** Lesson slugs as the content collection names them. */
export const LESSON_SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** A lesson slug or a scope the caller asked for is not acceptable. */
export class LessonTokenError extends Error {
  override name = 'LessonTokenError';
}

let lastSweep = 0;

/**
 * Mint a token for the cells of `lessonSlug`, good for LESSON_TOKEN_TTL_MS
 * and only while `sessionId` (the page's browser session) lives.
 * `scopes` narrows the token further (a lesson that only needs REST); it can
 * never widen it beyond LESSON_TOKEN_SCOPES.
 */
export function mintLessonToken(
  userId: number,
  lessonSlug: string,
  opts: { scopes?: readonly Scope[]; ttlMs?: number; now?: number; sessionId?: string } = {},
): { token: string; record: ApiToken } {
  if (!LESSON_SLUG.test(lessonSlug)) throw new LessonTokenError(`"${lessonSlug}" is not a lesson slug`);
  const allowed = new Set<Scope>(LESSON_TOKEN_SCOPES);
  const scopes = opts.scopes ?? DEFAULT_LESSON_SCOPES;
  for (const s of scopes) {
    if (!allowed.has(s)) throw new LessonTokenError(`a lesson token may not carry the "${s}" scope`);
  }
  const ttlMs = Math.min(opts.ttlMs ?? LESSON_TOKEN_TTL_MS, LESSON_TOKEN_TTL_MS);
  const now = opts.now ?? Date.now();
  if (now - lastSweep > 60_000) {
    lastSweep = now;
    deleteExpiredLessonTokens(now);
  }
  const db = getDb();
  const minted = db.transaction(() => {
    // Keep at most MAX_LIVE_LESSON_TOKENS - 1 older live tokens, so the new one makes MAX.
    const retired = db
      .prepare(
        `UPDATE api_tokens SET revoked_at = ?
       WHERE id IN (
         SELECT id FROM api_tokens
         WHERE user_id = ? AND kind = 'lesson' AND revoked_at IS NULL AND expires_at > ?
         ORDER BY created_at DESC, id DESC
         LIMIT -1 OFFSET ?
       )`,
      )
      .run(now, userId, now, MAX_LIVE_LESSON_TOKENS - 1).changes;
    return { retired, ...createApiToken(userId, { kind: 'lesson', name: `lesson:${lessonSlug}`, scopes, ttlMs, now, sessionId: opts.sessionId }) };
  })();
  if (minted.retired > 0) announceCredentialsEnded(userId);
  return { token: minted.token, record: minted.record };
}
