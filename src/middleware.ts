import { randomUUID } from 'node:crypto';
import { defineMiddleware, sequence } from 'astro:middleware';
import { getConfig } from './lib/server/config';
import { isApiPath } from './lib/server/http/access-policy';
import { applyCorsHeaders, preflightResponse } from './lib/server/http/cors';
import { isDatabaseUnavailable } from './lib/server/db/unavailable';
import { answerDatabaseOutage } from './lib/server/http/database-outage';
import { ClientGoneError } from './lib/server/http/body';
import { ApiError, apiErrorResponse, errorResponse } from './lib/server/http/errors';
import { plainErrorPage } from './lib/server/http/error-page';
import { guardRequest, type GuardVerdict } from './lib/server/http/request-guard';
import { applyApiSecurityHeaders, applySecurityHeaders, defaultCsp } from './lib/server/http/security-headers';
import { log, withRequestId } from './lib/server/log';
import { enableProcessMetrics } from './lib/server/metrics';
import { answerMetrics, isMetricsRequest } from './lib/server/metrics/endpoint';
import { observeHttpRequest } from './lib/server/metrics/http';
import { serverTimingValue, timeAsync, withServerTiming } from './lib/server/metrics/server-timing';

/**
 * Every page and endpoint passes through here: a request id, the guards of
 * http/request-guard.ts (preflight, caller, cross-site refusal, login gate),
 * the route, and on the way out security headers and `no-store`. Routes stay
 * thin because the guards live here.
 */

const hlog = log.child({ mod: 'http' });

// `npm run dev` has no server/web.ts around Astro: the runtime metrics, the
// queue gauges and the request histogram that file provides come from here.
const DEV = import.meta.env.DEV;
if (DEV) enableProcessMetrics('web');

const portal = defineMiddleware(async (context, next) => {
  const { request, locals, url } = context;
  const started = performance.now();
  locals.requestId ||= randomUUID().slice(0, 8);
  locals.clientIp ||= context.clientAddress;
  locals.csp = defaultCsp();
  locals.route = context.routePattern;
  const config = getConfig();
  const api = isApiPath(url.pathname);
  // Production answers /metrics in server/web.ts before Astro; this serves `npm run dev`.
  if (isMetricsRequest(url.pathname)) {
    const m = await answerMetrics(request.method, request.headers.get('authorization'));
    if (DEV) observeHttpRequest('/metrics', request.method, m.status, (performance.now() - started) / 1000);
    return new Response(m.body, { status: m.status, headers: m.headers });
  }

  return withRequestId(locals.requestId, () =>
    withServerTiming(async () => {
      const verdict = await timeAsync('auth', async () =>
        guardRequest({
          method: request.method,
          pathname: url.pathname,
          search: url.search,
          // The production server's requestOrigin, as the fast paths and upgrades decide on; Astro's own under `npm run dev`.
          origin: locals.origin ?? url.origin,
          header: (name) => request.headers.get(name),
          unmatchedPage: context.routePattern === '/404',
          clientIp: locals.clientIp,
        }),
      );
      locals.principal = verdict.kind === 'pass' ? verdict.principal : null;
      locals.user = locals.principal?.user ?? null;
      const response = verdict.kind === 'pass' ? await route() : answer(verdict);
      const headers = response.headers;
      if (api) applyApiSecurityHeaders(headers, config.publicOriginIsHttps);
      else applySecurityHeaders(headers, { https: config.publicOriginIsHttps, csp: locals.csp });
      headers.set('x-request-id', locals.requestId);
      if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
      const corsRefusal = verdict.kind === 'refuse' && verdict.cors === true;
      if (api && (locals.principal?.kind === 'token' || corsRefusal)) applyCorsHeaders(headers);
      const timing = api ? serverTimingValue() : null;
      if (timing) headers.set('server-timing', timing);
      // Until the response is handed back, not until its body is sent: close enough for a dev server.
      if (DEV) observeHttpRequest(locals.route, request.method, response.status, (performance.now() - started) / 1000);
      return response;
    }),
  );

  async function route(): Promise<Response> {
    try {
      return await next();
    } catch (err) {
      if (err instanceof ApiError) return apiErrorResponse(err);
      if (err instanceof ClientGoneError) {
        // Nobody is left to read an answer; nothing of ours went wrong.
        hlog.debug('client went away', { path: url.pathname });
        return errorOrPage(400, 'client_gone', 'The request body was cut short.');
      }
      if (isDatabaseUnavailable(err)) throw err; // answered 503 by answerDatabaseOutage
      hlog.error('unhandled error while rendering', { path: url.pathname, err });
      return errorOrPage(500, 'internal', 'Something went wrong on our side; it has been logged.');
    }
  }

  function answer(verdict: Exclude<GuardVerdict, { kind: 'pass' }>): Response {
    switch (verdict.kind) {
      case 'preflight':
        return preflightResponse();
      case 'redirect':
        return new Response(null, { status: 303, headers: { location: verdict.location } });
      case 'refuse':
        return errorOrPage(verdict.status, verdict.code, verdict.message, verdict.headers);
    }
  }

  function errorOrPage(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
    if (api) return errorResponse(status, code, message, { headers });
    return new Response(plainErrorPage(status, message), {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    });
  }
});

/** Database outages first (a 503 whichever step needed the database), then the portal's chain. */
export const onRequest = sequence(answerDatabaseOutage, portal);
