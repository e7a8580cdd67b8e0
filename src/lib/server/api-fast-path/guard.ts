import type { IncomingMessage } from 'node:http';
import { andThen } from '../../shared/maybe-promise';
import { resolvePrincipal, type Principal } from '../auth/principal';
import { preflightResponse } from '../http/cors';
import { headerOf } from '../http/node-headers';
import { guardRequest, type GuardVerdict, type ResolveCaller } from '../http/request-guard';
import { errorReply, type Reply } from '../api-call';
import { cachedTokenPrincipal, rememberTokenPrincipal } from './token-cache';

/**
 * The middleware's guards (http/request-guard.ts) for calls served before
 * Astro, answered as Replies. The only difference is where the caller comes
 * from: a bearer token validated in the last second is taken from the cache.
 */

let preflightHeaders: Record<string, string> | undefined;

/** The portal's preflight answer, as headers (computed once). */
function preflight(): Reply {
  preflightHeaders ??= Object.fromEntries(preflightResponse().headers);
  return { status: 204, headers: { ...preflightHeaders }, body: null };
}

// A cached token answers at once (no promise); anything else is looked up.
const resolveWithCache: ResolveCaller = (creds) => {
  const authorization = creds.authorization ?? null;
  const cached = authorization ? cachedTokenPrincipal(authorization) : null;
  if (cached) return { principal: cached, invalidToken: false };
  return resolvePrincipal(creds).then((resolved) => {
    if (authorization && resolved.principal) rememberTokenPrincipal(authorization, resolved.principal);
    return resolved;
  });
};

/** The caller, and the refusal to send when the call may not go on; `cors` forces CORS headers onto it. */
export interface GuardOutcome {
  principal: Principal | null;
  reply?: Reply;
  cors?: boolean;
}

/** Where a raw API request was addressed: its canonical path, its query (`?…` or empty) and the origin it came to. */
export interface ApiTarget {
  pathname: string;
  search: string;
  origin: string;
}

/** Run the guards on a raw API request addressed to `target`; synchronous when the caller needs no lookup (guardRequest). */
export function guardApiCall(req: IncomingMessage, target: ApiTarget): GuardOutcome | Promise<GuardOutcome> {
  const verdict = guardRequest(
    { method: req.method ?? 'GET', pathname: target.pathname, search: target.search, origin: target.origin, header: (n) => headerOf(req, n) },
    resolveWithCache,
  );
  return andThen(verdict, toOutcome);
}

function toOutcome(verdict: GuardVerdict): GuardOutcome {
  switch (verdict.kind) {
    case 'pass':
      return { principal: verdict.principal };
    case 'preflight':
      return { principal: null, reply: preflight() };
    case 'redirect':
      return { principal: null, reply: { status: 303, headers: { location: verdict.location }, body: null } };
    case 'refuse':
      return {
        principal: null,
        reply: errorReply(verdict.status, verdict.code, verdict.message, { headers: verdict.headers }),
        cors: verdict.cors,
      };
  }
}
