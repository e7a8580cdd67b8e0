import { hasScope, type Principal } from '../auth/principal';
import { ApiError } from '../http/errors';

/**
 * Who may call the login lesson's endpoints (/api/auth-lab/*): a browser
 * session, or a token with the `login-lab` scope (the login lesson declares
 * it for its cells) or `account:read`. Every endpoint here is read-only
 * towards the account or works on throwaway data, so a leaked token can
 * neither take the account over nor weaken it.
 */

/** The caller, or a 401/403 ApiError. */
export function requireLabCaller(principal: Principal | null | undefined): Principal {
  if (!principal) throw new ApiError(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  if (hasScope(principal, 'login-lab') || hasScope(principal, 'account:read')) return principal;
  throw new ApiError(403, 'insufficient_scope', 'These endpoints take a token with the "login-lab" or "account:read" scope.', {
    headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="login-lab account:read"' },
  });
}
