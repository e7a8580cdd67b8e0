import type { IncomingMessage } from 'node:http';
import { hasPrincipalPassedSecondFactor } from '../auth/gate';
import { resolvePrincipal, type Principal } from '../auth/principal';
import { getConfig } from '../config';
import { preflightResponse } from '../http/cors';
import { isCrossSite, SAFE_METHODS } from '../http/origin-check';
import { log } from '../log';
import { errorReply, type Reply } from '../api-call';
import { cachedTokenPrincipal, rememberTokenPrincipal } from './token-cache';

/**
 * The portal middleware's checks for API calls (src/middleware.ts), in the
 * same order and with the same answers, for calls served before Astro:
 * CORS preflight, who is calling, invalid token, cross-site state change,
 * anonymous. tests/integration/api-fast-path.test.ts holds the two paths to
 * the same behaviour.
 */

const glog = log.child({ mod: 'http' });

function headerOf(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

let preflightHeaders: Record<string, string> | undefined;

/** The portal's preflight answer, as headers (computed once). */
function preflight(): Reply {
  preflightHeaders ??= Object.fromEntries(preflightResponse().headers);
  return { status: 204, headers: { ...preflightHeaders }, body: null };
}

/** The caller, and the refusal to send when the call may not go on; `cors` forces CORS headers onto it. */
export interface GuardOutcome {
  principal: Principal | null;
  reply?: Reply;
  cors?: boolean;
}

/** Run the middleware's API checks on a raw request whose URL origin is `origin`. */
export function guardApiCall(req: IncomingMessage, origin: string): GuardOutcome {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return { reply: preflight(), principal: null };

  const authorization = headerOf(req, 'authorization');
  const cached = authorization ? cachedTokenPrincipal(authorization) : null;
  if (cached) return guardKnown(req, method, origin, cached);

  let resolved: ReturnType<typeof resolvePrincipal>;
  try {
    resolved = resolvePrincipal({ cookieHeader: headerOf(req, 'cookie'), authorization });
    if (authorization && resolved.principal) rememberTokenPrincipal(authorization, resolved.principal);
  } catch (err) {
    glog.error('could not resolve the caller', { err });
    return { reply: errorReply(503, 'unavailable', 'Sign-in is unavailable right now; try again shortly.'), principal: null };
  }
  if (resolved.invalidToken) {
    const reply = errorReply(401, 'invalid_token', 'The API token is invalid, expired or revoked.', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
    return { reply, principal: null, cors: true };
  }
  const principal = resolved.principal && hasPrincipalPassedSecondFactor(resolved.principal) ? resolved.principal : null;
  return guardKnown(req, method, origin, principal);
}

/** The checks after the caller is known: cross-site cookie writes, then anonymous calls. */
function guardKnown(req: IncomingMessage, method: string, origin: string, principal: Principal | null): GuardOutcome {
  if (!SAFE_METHODS.has(method) && principal?.kind !== 'token') {
    const h = new Headers();
    for (const name of ['origin', 'sec-fetch-site']) {
      const v = headerOf(req, name);
      if (v !== null) h.set(name, v);
    }
    if (isCrossSite(h, [getConfig().publicOrigin, origin])) {
      return { reply: errorReply(403, 'cross_site', 'Cross-site requests that change state are refused.'), principal };
    }
  }
  if (!principal) {
    return { reply: errorReply(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).'), principal: null };
  }
  return { principal };
}
