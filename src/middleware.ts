import { randomUUID } from 'node:crypto';
import { defineMiddleware } from 'astro:middleware';
import { hasPrincipalPassedSecondFactor } from './lib/server/auth/gate';
import { resolvePrincipal } from './lib/server/auth/principal';
import { getConfig } from './lib/server/config';
import {
  isAccountPath,
  isApiPath,
  isDevOnlyPath,
  isPublicPath,
  loginRedirectUrl,
} from './lib/server/http/access-policy';
import { applyCorsHeaders, isPreflight, preflightResponse } from './lib/server/http/cors';
import { ApiError, apiErrorResponse, errorResponse } from './lib/server/http/errors';
import { isCrossSite, SAFE_METHODS } from './lib/server/http/origin-check';
import { applySecurityHeaders, defaultCsp } from './lib/server/http/security-headers';
import { log, withRequestId } from './lib/server/log';

/**
 * Every page and endpoint passes through here, in this order: request id,
 * CORS preflight, who is calling, cross-site refusal, the login gate, then
 * the route; and on the way out security headers and `no-store`. Routes stay
 * thin because the guards live here.
 */

const hlog = log.child({ mod: 'http' });

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, locals, url } = context;
  locals.requestId ||= randomUUID().slice(0, 8);
  locals.clientIp ||= context.clientAddress;
  locals.csp = defaultCsp();
  const config = getConfig();
  const api = isApiPath(url.pathname);

  return withRequestId(locals.requestId, async () => {
    const response = await guardAndRoute();
    const headers = response.headers;
    applySecurityHeaders(headers, { https: config.publicOriginIsHttps, csp: locals.csp });
    headers.set('x-request-id', locals.requestId);
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
    if (api && locals.principal?.kind === 'token') applyCorsHeaders(headers);
    return response;
  });

  async function guardAndRoute(): Promise<Response> {
    if (isDevOnlyPath(url.pathname) && config.isProduction) return errorOrPage(404, 'not_found', 'Not found.');
    if (api && isPreflight(request)) return isAccountPath(url.pathname) ? errorResponse(403, 'forbidden', 'Account endpoints do not accept cross-origin calls.') : preflightResponse();

    let resolved: ReturnType<typeof resolvePrincipal>;
    try {
      resolved = resolvePrincipal({
        cookieHeader: request.headers.get('cookie'),
        authorization: request.headers.get('authorization'),
      });
    } catch (err) {
      hlog.error('could not resolve the caller', { err });
      return errorOrPage(503, 'unavailable', 'Sign-in is unavailable right now; try again shortly.');
    }
    const principal = resolved.principal && hasPrincipalPassedSecondFactor(resolved.principal) ? resolved.principal : null;
    locals.principal = principal;
    locals.user = principal?.user ?? null;

    if (resolved.invalidToken && api) {
      const res = errorResponse(401, 'invalid_token', 'The API token is invalid, expired or revoked.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
      applyCorsHeaders(res.headers);
      return res;
    }
    if (principal?.kind === 'token' && !api) {
      return errorResponse(401, 'unauthorized', 'Pages need a browser session; API tokens work on /api only.');
    }
    if (principal?.kind === 'token' && isAccountPath(url.pathname)) {
      return errorResponse(403, 'forbidden', 'Account endpoints accept the session cookie only, never an API token.');
    }
    // A cookie-carrying state change must come from one of our own pages.
    if (!SAFE_METHODS.has(request.method) && principal?.kind !== 'token') {
      const allowed = [config.publicOrigin, url.origin];
      if (isCrossSite(request.headers, allowed)) {
        return errorOrPage(403, 'cross_site', 'Cross-site requests that change state are refused.');
      }
    }
    if (!principal && !isPublicPath(url.pathname)) {
      if (api) return errorResponse(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
      if (request.method === 'GET' || request.method === 'HEAD') {
        return new Response(null, { status: 303, headers: { location: loginRedirectUrl(url.pathname + url.search) } });
      }
      return errorOrPage(401, 'unauthorized', 'Log in first.');
    }

    try {
      return await next();
    } catch (err) {
      if (err instanceof ApiError) return apiErrorResponse(err);
      hlog.error('unhandled error while rendering', { path: url.pathname, err });
      return errorOrPage(500, 'internal', 'Something went wrong on our side; it has been logged.');
    }
  }

  function errorOrPage(status: number, code: string, message: string): Response {
    if (api) return errorResponse(status, code, message);
    return new Response(plainErrorPage(status, message), {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }
});

function plainErrorPage(status: number, message: string): string {
  const safe = message.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${status} · Interview Lab</title><link rel="stylesheet" href="/error.css"></head><body><main><h1>${status}</h1><p>${safe}</p><p><a href="/">Back to Interview Lab</a></p></main></body></html>`;
}
