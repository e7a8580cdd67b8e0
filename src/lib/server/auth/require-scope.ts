import type { Scope } from '../../shared/scopes';
import { ApiError } from '../http/errors';
import { hasScope, type Principal } from './principal';

/** The one 403 message for a token without a scope, the same on every API (REST, GraphQL, crypto, WebSocket, notifications). */
export function missingScopeMessage(scope: Scope): string {
  return `This API token lacks the "${scope}" scope.`;
}

/** Guard for API endpoints: the principal, or a 401 (anonymous) / 403 (token without the scope) ApiError. */
export function requireScope(principal: Principal | null, scope: Scope): Principal {
  if (!principal) throw new ApiError(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  if (!hasScope(principal, scope)) {
    throw new ApiError(403, 'insufficient_scope', missingScopeMessage(scope), {
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
    });
  }
  return principal;
}
