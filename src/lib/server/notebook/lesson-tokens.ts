import { DEFAULT_LESSON_SCOPES, LESSON_TOKEN_SCOPES, type Scope } from '../../shared/scopes';
import { createApiToken, deleteExpiredLessonTokens, type ApiToken } from '../auth/api-tokens';
import { announceCredentialsEnded } from '../auth/revocation';
import { getKysely } from '../db/database';
import { changed } from '../db/query';

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
export async function mintLessonToken(
  userId: number,
  lessonSlug: string,
  opts: { scopes?: readonly Scope[]; ttlMs?: number; now?: number; sessionId?: string } = {},
): Promise<{ token: string; record: ApiToken }> {
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
    await deleteExpiredLessonTokens(now);
  }
  const minted = await createApiToken(userId, { kind: 'lesson', name: `lesson:${lessonSlug}`, scopes, ttlMs, now, sessionId: opts.sessionId });
  if ((await retireOlderLessonTokens(userId, minted.record.id, now)) > 0) announceCredentialsEnded(userId);
  return minted;
}

/**
 * Revoke the user's live lesson tokens beyond the newest MAX_LIVE_LESSON_TOKENS - 1
 * besides `keepId` (the one just made). One statement after the insert, so
 * tabs minting at once each keep the others' new tokens and together never
 * leave more than MAX live, on SQLite and Postgres alike.
 */
async function retireOlderLessonTokens(userId: number, keepId: string, now: number): Promise<number> {
  const result = await getKysely()
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where((eb) =>
      eb.and([
        eb('user_id', '=', userId),
        eb('kind', '=', 'lesson'),
        eb('revoked_at', 'is', null),
        eb('expires_at', '>', now),
        eb('id', '<>', keepId),
        eb(
          'id',
          'not in',
          eb
            .selectFrom('api_tokens')
            .select('id')
            .where('user_id', '=', userId)
            .where('kind', '=', 'lesson')
            .where('revoked_at', 'is', null)
            .where('expires_at', '>', now)
            .where('id', '<>', keepId)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(MAX_LIVE_LESSON_TOKENS - 1),
        ),
      ]),
    )
    .executeTakeFirst();
  return changed(result);
}
