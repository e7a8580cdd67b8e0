import type { MiddlewareHandler } from 'astro';
import { getConfig } from '../config';
import { DATABASE_UNAVAILABLE_MESSAGE as MESSAGE, isDatabaseUnavailable } from '../db/unavailable';
import { log } from '../log';
import { isApiPath } from './access-policy';
import { plainErrorPage } from './error-page';
import { errorResponse } from './errors';
import { applySecurityHeaders, defaultCsp } from './security-headers';

/**
 * The outermost middleware: a request that needed the database while it was
 * unreachable (Postgres down or restarting, see db/unavailable.ts) is
 * answered 503 with Retry-After, a JSON error on APIs and a plain page
 * elsewhere, instead of Astro's 500. Whatever failed, the session lookup in
 * the guards or a query in a route, nothing was written, and the pool
 * reconnects on its own; `/api/health` says why meanwhile.
 */

const olog = log.child({ mod: 'http' });

/** The 503 answer for a request to `pathname` while the database is unreachable (before the security headers). */
export function outageResponse(pathname: string): Response {
  if (isApiPath(pathname)) return errorResponse(503, 'database_unavailable', MESSAGE, { headers: { 'retry-after': '5' } });
  return new Response(plainErrorPage(503, MESSAGE), {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' },
  });
}

/** Answer 503 when the rest of the chain failed because the database could not be reached. */
export const answerDatabaseOutage: MiddlewareHandler = async (context, next) => {
  try {
    return await next();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    olog.warn('database unavailable; answered 503', { path: context.url.pathname, err: err instanceof Error ? err.message : String(err) });
    const response = outageResponse(context.url.pathname);
    applySecurityHeaders(response.headers, { https: getConfig().publicOriginIsHttps, csp: defaultCsp() });
    if (context.locals.requestId) response.headers.set('x-request-id', context.locals.requestId);
    return response;
  }
};
