import { hasScope, type Principal } from '../auth/principal';
import { ApiError } from '../http/errors';

/**
 * Who may call the login lesson's endpoints (/api/auth-lab/*): a browser
 * session, a personal token with `account:read`, or the lesson token of the
 * login lesson itself. Lesson tokens carry no account scope at all; this
 * lesson's token is let in here by name, and every endpoint here is read-only
 * towards the account or works on throwaway data, so a leaked token can
 * neither take the account over nor weaken it.
 */

/** The lesson whose cells these endpoints serve. */
export const LOGIN_LESSON_SLUG = 'b1-secure-login';

/** The caller, or a 401/403 ApiError. */
export function requireLabCaller(principal: Principal | null | undefined): Principal {
  if (!principal) throw new ApiError(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  if (principal.kind === 'session') return principal;
  const token = principal.token;
  if (token.kind === 'lesson' && token.name === `lesson:${LOGIN_LESSON_SLUG}`) return principal;
  if (token.kind === 'personal' && hasScope(principal, 'account:read')) return principal;
  throw new ApiError(403, 'insufficient_scope', `These endpoints take the "${LOGIN_LESSON_SLUG}" lesson token or a personal token with "account:read".`, {
    headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="account:read"' },
  });
}
