import type { Scope } from '../../shared/scopes';
import { validateApiToken, type ApiToken } from './api-tokens';
import { readCookie, sessionCookieName } from './cookies';
import { validateSessionToken, type Session } from './sessions';
import type { User } from './users';

/**
 * Who is calling: a browser session (cookie) or a program (bearer token).
 * Pages, API endpoints and WebSocket upgrades all resolve callers here.
 */
export type Principal = { kind: 'session'; user: User; session: Session } | { kind: 'token'; user: User; token: ApiToken };

/** Where the credentials of a request came from. */
export interface Credentials {
  cookieHeader?: string | null;
  authorization?: string | null;
  /** Token offered as a WebSocket subprotocol `bearer.<token>` (browsers cannot set headers on WebSockets). */
  protocolToken?: string | null;
}

/** What resolving a caller found; `invalidToken` when a token was offered but is not valid. */
export interface Resolved {
  principal: Principal | null;
  invalidToken: boolean;
}

/** Pull a bearer token out of an Authorization header. */
export function bearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S{1,200})$/i.exec(authorization.trim());
  return m ? m[1]! : null;
}

/**
 * Resolve a caller. A bearer token, when present, wins and the cookie is
 * ignored: token calls may come cross-origin, so they must not ride on a cookie.
 * Returns `invalidToken` when a token was offered but is not valid, so APIs can
 * answer 401 instead of silently treating the call as anonymous.
 */
export async function resolvePrincipal(creds: Credentials): Promise<Resolved> {
  const bearer = bearerToken(creds.authorization) ?? creds.protocolToken ?? null;
  if (bearer) {
    const found = await validateApiToken(bearer);
    if (!found) return { principal: null, invalidToken: true };
    // Least privilege: code in a lesson cell never acts with its reader's administrator rights.
    const user = found.token.kind === 'lesson' && found.user.role !== 'user' ? { ...found.user, role: 'user' as const } : found.user;
    return { principal: { kind: 'token', user, token: found.token }, invalidToken: false };
  }
  const cookie = readCookie(creds.cookieHeader, sessionCookieName());
  if (cookie) {
    const found = await validateSessionToken(cookie);
    if (found) return { principal: { kind: 'session', user: found.user, session: found.session }, invalidToken: false };
  }
  return { principal: null, invalidToken: false };
}

/** Whether a principal may change account settings (the webhook): a session or a personal token, never a lesson token. */
export function mayChangeAccountSettings(principal: Principal): boolean {
  return principal.kind === 'session' || principal.token.kind !== 'lesson';
}

/** Whether a principal may use a scope: sessions may use all, tokens what they carry. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.kind === 'session' || principal.token.scopes.includes(scope);
}
