import type { Scope } from '../../shared/scopes';
import { hasScope, mayChangeAccountSettings, type Principal } from '../auth/principal';
import { missingScopeMessage } from '../auth/require-scope';
import type { User } from '../auth/users';
import { ApiError, json } from '../http/errors';
import type { StoredAnswer } from './idempotency';

/** Guards and answers shared by the notification and queue endpoints. */

/** The calling user, when they may use `scope`; 401/403 otherwise. */
export function requireCaller(locals: { principal: Principal | null }, scope: Scope): User {
  const p = locals.principal;
  if (!p) throw new ApiError(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
  if (!hasScope(p, scope)) throw new ApiError(403, 'insufficient_scope', missingScopeMessage(scope));
  return p.user;
}

/** The calling user for an account setting (the webhook): like requireCaller, and never a lesson token. */
export function requireSettingsCaller(locals: { principal: Principal | null }, scope: Scope): User {
  const user = requireCaller(locals, scope);
  if (!mayChangeAccountSettings(locals.principal!)) {
    throw new ApiError(403, 'forbidden', 'A lesson token cannot read or change account settings; use the dashboard or a personal API token.');
  }
  return user;
}

/** A stored (or replayed) answer as a response; replays say so in a header. */
export function answerResponse(a: StoredAnswer & { replayed: boolean }): Response {
  return json(a.body, { status: a.status, headers: a.replayed ? { 'idempotent-replayed': 'true' } : {} });
}

/** Parse an optional non-negative integer query parameter (400 when malformed). */
export function intParam(url: URL, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,16}$/.test(v) || Number(v) > max) {
    throw new ApiError(400, 'invalid_request', `${name} must be a whole number from 0 to ${max}.`, { fields: { [name]: 'must be a whole number' } });
  }
  return Number(v);
}
