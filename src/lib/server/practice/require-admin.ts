import type { Principal } from '../auth/principal';
import { ApiError } from '../http/errors';

/** Guard for the class view: an administrator's browser session (ADMIN_EMAILS); tokens never. */
export function requireAdminSession(principal: Principal | null): Principal {
  if (!principal) throw new ApiError(401, 'unauthorized', 'Log in first.');
  if (principal.kind !== 'session')
    throw new ApiError(403, 'session_required', 'The class view is for an administrator’s browser session, not API tokens.');
  if (principal.user.role !== 'admin') throw new ApiError(403, 'forbidden', 'The class view is for administrators only.');
  return principal;
}
