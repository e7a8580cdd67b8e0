import type { Principal } from '../auth/principal';
import { ApiError } from '../http/errors';

/**
 * Who may ask for a server verification: the learner's browser session, or
 * the lesson token the page handed to the cells of that same lesson. A
 * personal token, or a lesson token of another lesson, is refused, so a
 * verification is always about the caller's own state in the lesson at hand.
 */
export function requireVerifyCaller(principal: Principal | null, lessonSlug: string): Principal {
  if (!principal) throw new ApiError(401, 'unauthorized', 'Log in or send the lesson token (Authorization: Bearer ...).');
  if (principal.kind === 'session') return principal;
  if (principal.token.kind !== 'lesson') {
    throw new ApiError(
      403,
      'lesson_token_required',
      'Practice verifications answer the lesson page’s own token (or your browser session), not personal API tokens.',
    );
  }
  if (principal.token.name !== `lesson:${lessonSlug}`) {
    throw new ApiError(403, 'wrong_lesson', 'This lesson token belongs to another lesson.');
  }
  return principal;
}
