import { hasPrincipalPassedSecondFactor } from '../auth/gate';
import { hasScope, resolvePrincipal, type Credentials, type Principal, type Resolved } from '../auth/principal';
import { missingScopeMessage } from '../auth/require-scope';
import { getConfig } from '../config';
import { log } from '../log';
import type { Scope } from '../../shared/scopes';
import { devPagesAllowed, isAccountPath, isApiPath, isDevOnlyPath, isPublicPath, isWebSocketPath, loginRedirectUrl } from './access-policy';
import { canonicalPath } from './canonical-path';
import { isCrossSite, SAFE_METHODS } from './origin-check';

/**
 * The guards every request passes before its route, as one decision that
 * every front acts on: Astro's middleware (pages, and every API in dev), the
 * production API fast path (server/web.ts) and the WebSocket upgrade router.
 * In order: canonical path, dev-only paths, CORS preflight, who is calling
 * (second factor included), invalid token, token on a page or account path,
 * cookie-carrying cross-site request, the route's own requirement (upgrades),
 * anonymous caller.
 */

const glog = log.child({ mod: 'http' });

/** What the guard needs to know about a request, whichever server received it. */
export interface GuardRequest {
  method: string;
  /** The canonical path (http/canonical-path.ts); anything else is refused. */
  pathname: string;
  /** The query string including `?`, or empty. */
  search: string;
  /** The origin the request was addressed to (`http://host:port`). */
  origin: string;
  header(name: string): string | null;
  /** True when no page matches the path: a mistyped URL shows the 404 page, not the login form. */
  unmatchedPage?: boolean;
  /** The caller's address (`locals.clientIp`); development-only paths need a loopback one. */
  clientIp?: string;
  /** A WebSocket upgrade, with what its route demands and a token offered as a subprotocol. */
  upgrade?: { auth: 'required' | 'optional'; scope?: Scope; protocolToken?: string | null; allowedOrigins?: readonly string[] };
}

/** How the caller is found (a database lookup, so usually async); the fast path passes one with a short token cache. */
export type ResolveCaller = (creds: Credentials) => Resolved | Promise<Resolved>;

const NOBODY: Resolved = { principal: null, invalidToken: false };

/** The guard's decision. `refuse` carries the one JSON error format's parts; `cors` marks answers a token call may read. */
export type GuardVerdict =
  | { kind: 'pass'; principal: Principal | null }
  | { kind: 'preflight' }
  | { kind: 'redirect'; location: string }
  | { kind: 'refuse'; status: number; code: string; message: string; headers?: Record<string, string>; cors?: boolean };

function refuse(status: number, code: string, message: string, extra: { headers?: Record<string, string>; cors?: boolean } = {}): GuardVerdict {
  return { kind: 'refuse', status, code, message, ...extra };
}

/**
 * Decide what happens to a request before its route runs. Synchronous when
 * no lookup is needed (no credentials, a cached token, an early refusal), so
 * those requests cost no promise; otherwise a promise of the verdict. A
 * database that cannot answer makes it a 503, never an exception.
 */
export function guardRequest(req: GuardRequest, resolve: ResolveCaller = resolvePrincipal): GuardVerdict | Promise<GuardVerdict> {
  const early = beforeCaller(req);
  if (early) return early;
  const creds: Credentials = {
    cookieHeader: req.header('cookie'),
    authorization: req.header('authorization'),
    protocolToken: req.upgrade?.protocolToken ?? null,
  };
  // No cookie and no token: nobody to look up.
  if (!creds.cookieHeader && !creds.authorization && !creds.protocolToken) return afterCaller(req, NOBODY);
  let resolved: Resolved | Promise<Resolved>;
  try {
    resolved = resolve(creds);
  } catch (err) {
    return unavailable(err);
  }
  if (resolved instanceof Promise) return resolved.then((r) => afterCaller(req, r), unavailable);
  return afterCaller(req, resolved);
}

function unavailable(err: unknown): GuardVerdict {
  glog.error('could not resolve the caller', { err });
  return refuse(503, 'unavailable', 'Sign-in is unavailable right now; try again shortly.');
}

/** The decisions that need no caller: path spelling, dev-only paths, CORS preflight. */
function beforeCaller(req: GuardRequest): GuardVerdict | null {
  const { method, pathname, upgrade } = req;
  // Every front hands over the canonical path; a different spelling here means a front forgot, so nothing is decided on it.
  if (canonicalPath(pathname) !== pathname) return refuse(400, 'bad_path', 'The request path is not in canonical form.');
  // Dev-only pages (the mailbox holds reset links) do not exist in production, nor for other machines.
  if (isDevOnlyPath(pathname) && !devPagesAllowed(req.clientIp)) return refuse(404, 'not_found', 'Not found.');
  if (!upgrade && isApiPath(pathname) && method === 'OPTIONS' && req.header('access-control-request-method') !== null) {
    return isAccountPath(pathname) ? refuse(403, 'forbidden', 'Account endpoints do not accept cross-origin calls.') : { kind: 'preflight' };
  }
  return null;
}

/** The decisions once the caller is known, in order. */
function afterCaller(req: GuardRequest, resolved: Resolved): GuardVerdict {
  const { method, pathname, upgrade } = req;
  const api = isApiPath(pathname);
  const ws = isWebSocketPath(pathname);
  if (resolved.invalidToken && (api || ws)) {
    return refuse(401, 'invalid_token', 'The API token is invalid, expired or revoked.', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      cors: true,
    });
  }
  // A password-only session (second factor pending) is nobody yet, on every front.
  const principal = resolved.principal && hasPrincipalPassedSecondFactor(resolved.principal) ? resolved.principal : null;

  if (principal?.kind === 'token' && !api && !ws) {
    return refuse(401, 'unauthorized', 'Pages need a browser session; API tokens work on /api and /ws only.');
  }
  if (principal?.kind === 'token' && isAccountPath(pathname)) {
    return refuse(403, 'forbidden', 'Account endpoints accept the session cookie only, never an API token.');
  }
  // Only cookie-carrying upgrades and state changes look at origins: a token read builds no list.
  const allowedOrigins = () => [getConfig().publicOrigin, req.origin, ...(upgrade?.allowedOrigins ?? [])];
  // The cookie rides along on every request the browser makes, so a cookie upgrade must name one of our pages as its Origin.
  if (upgrade && principal?.kind === 'session') {
    const origin = req.header('origin');
    if (origin === null || !allowedOrigins().includes(origin)) {
      return refuse(403, 'cross_site', 'Cross-origin WebSocket upgrades with a session cookie are refused.');
    }
  }
  // A cookie-carrying state change must come from one of our own pages.
  if (!SAFE_METHODS.has(method) && principal?.kind !== 'token') {
    const headers = new Headers();
    for (const name of ['origin', 'sec-fetch-site']) {
      const v = req.header(name);
      if (v !== null) headers.set(name, v);
    }
    if (isCrossSite(headers, allowedOrigins())) {
      return refuse(403, 'cross_site', 'Cross-site requests that change state are refused.');
    }
  }
  if (upgrade) {
    if (upgrade.auth === 'required' && !principal) return refuse(401, 'unauthorized', 'Log in or send an API token.');
    if (principal && upgrade.scope && !hasScope(principal, upgrade.scope))
      return refuse(403, 'insufficient_scope', missingScopeMessage(upgrade.scope));
    return { kind: 'pass', principal };
  }
  if (!principal && !isPublicPath(pathname) && !(req.unmatchedPage && !api)) {
    if (api) return refuse(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
    if (method === 'GET' || method === 'HEAD') return { kind: 'redirect', location: loginRedirectUrl(pathname + req.search) };
    return refuse(401, 'unauthorized', 'Log in first.');
  }
  return { kind: 'pass', principal };
}
