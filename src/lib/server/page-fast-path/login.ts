import type { IncomingMessage, ServerResponse } from 'node:http';
import { logIn } from '../auth/flows/login';
import { requestMetaOf, type PreparedPost } from '../auth/flows/respond';
import { invalid, type FlowResult } from '../auth/flows/result';
import { dummyPasswordHash } from '../auth/password';
import { getConfig } from '../config';
import { isDatabaseUnavailable } from '../db/unavailable';
import { ClientGoneError, DEFAULT_FORM_LIMIT, FORM_MEDIA_TYPE, mediaTypeOf, parseFormText } from '../http/body';
import { outageResponse } from '../http/database-outage';
import { plainErrorPage } from '../http/error-page';
import { ApiError } from '../http/errors';
import { readIncomingText } from '../http/incoming-body';
import { canonicalTarget } from '../http/canonical-path';
import { headerOf } from '../http/node-headers';
import { guardRequest } from '../http/request-guard';
import { applySecurityHeaders, defaultCsp } from '../http/security-headers';
import { log } from '../log';

/**
 * The production fast path for POST /login (issue 14). A sign-in is one
 * Argon2 verification plus a little bookkeeping; Astro's request pipeline
 * (a Web Request over the Node one, the middleware chain, the page's render
 * context, the body through web streams) cost about as much CPU again as the
 * bookkeeping. server/web.ts hands POST /login here first:
 *
 * - the middleware's guards (http/request-guard.ts guardRequest, the same
 *   function and inputs); any verdict but `pass` goes to Astro untouched (its
 *   body unread), which decides again and answers exactly as always;
 * - the body read with the limits and errors of body.ts, the same flow
 *   (flows/login.ts logIn) with the same request facts;
 * - a redirect (signed in, or on to the second factor) answered here with the
 *   headers the middleware and redirectResponse give it: security headers
 *   and CSP, `cache-control: no-store`, `x-request-id`, the cookies;
 * - a form to show again (wrong password, unknown email, throttled, bad
 *   input) handed to Astro with the result in `locals.preparedPost`: the login
 *   page renders it exactly as it renders its own result (respond.ts
 *   handleOrPreparedPagePost), without reading the body or acting again.
 *
 * Wrong password and unknown email both take the last road, so they still
 * cost the same. Failures answer like the middleware: 503 while the database
 * is unreachable, else a logged 500. `npm run dev` has no server/web.ts and
 * serves every login through Astro.
 */

const flog = log.child({ mod: 'http' });

/** The route label of these requests in /metrics: the pattern Astro reports for the login page. */
const ROUTE = '/login';

/** What server/web.ts shares with the fast path: the request's id, address and route label, and what it hands to Astro. */
export interface LoginFastContext {
  requestId: string;
  clientIp: string;
  /** The origin the request was addressed to (http/request-origin.ts), for this guard and the middleware's. */
  origin: string;
  route?: string;
  preparedPost?: PreparedPost;
}

let pageHeaders: readonly string[] | undefined;

/** The page security headers (CSP included) as a flat [name, value, ...] list, computed once: they do not vary per request. */
function securityHeaders(): readonly string[] {
  if (!pageHeaders) {
    const h = new Headers();
    applySecurityHeaders(h, { https: getConfig().publicOriginIsHttps, csp: defaultCsp() });
    pageHeaders = [...h].flat();
  }
  return pageHeaders;
}

/** The 303 a redirect result becomes (respond.ts redirectResponse plus the middleware's headers). */
function sendRedirect(res: ServerResponse, result: Extract<FlowResult, { kind: 'redirect' }>, requestId: string): void {
  const flat = securityHeaders().slice();
  flat.push('location', result.location, 'cache-control', 'no-store', 'x-request-id', requestId, 'content-length', '0');
  for (const c of result.setCookies) flat.push('set-cookie', c);
  res.writeHead(303, flat);
  res.end();
}

/** A rare answer built as a Web Response (an outage or a failure page), with the middleware's headers added. */
function sendResponse(res: ServerResponse, response: Response, requestId: string, body: string): void {
  const headers = response.headers;
  applySecurityHeaders(headers, { https: getConfig().publicOriginIsHttps, csp: defaultCsp() });
  headers.set('x-request-id', requestId);
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  res.writeHead(response.status, [...headers].flat());
  res.end(body);
}

/** The body already read, again, for the Request Astro builds (the page does not read it): a spent stream would make that throw. */
async function* spentBody(text: string | null): AsyncGenerator<Uint8Array> {
  if (text) yield Buffer.from(text);
}

/** Whether the fast path takes this request: a form POST to /login (any query string). */
function takes(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const raw = req.url ?? '/';
  if (raw !== ROUTE && !raw.startsWith(`${ROUTE}?`)) return false;
  // Anything but a plain form (a 415 to answer) is Astro's, as before.
  return mediaTypeOf(req.headers['content-type']) === FORM_MEDIA_TYPE;
}

/**
 * Build the fast path. `toAstro` hands a request to Astro (with the context
 * as its locals). The returned function answers `req`, or hands it on, and
 * returns true when it took it; false leaves it to the caller.
 */
export function createLoginFastPath(toAstro: (req: IncomingMessage, res: ServerResponse, ctx: LoginFastContext) => void) {
  // This bundle's copy of password.ts hashes its own dummy: now, not during the first unknown-email login,
  // which would otherwise take one hash longer than a wrong password.
  void dummyPasswordHash();
  return function serveLoginFast(req: IncomingMessage, res: ServerResponse, ctx: LoginFastContext): boolean {
    if (!takes(req)) return false;
    ctx.route = ROUTE;
    const header = (name: string) => headerOf(req, name);
    const fail = (err: unknown): void => {
      // The client hung up mid-body: nobody to answer, and nothing of ours went wrong.
      if (err instanceof ClientGoneError) {
        flog.debug('client went away', { path: ROUTE });
        return void res.destroy();
      }
      if (res.headersSent) return void res.destroy();
      if (isDatabaseUnavailable(err)) {
        flog.warn('database unavailable; answered 503', { path: ROUTE, err: err instanceof Error ? err.message : String(err) });
        const response = outageResponse(ROUTE);
        return void response.text().then((body) => sendResponse(res, response, ctx.requestId, body));
      }
      flog.error('unhandled error while rendering', { path: ROUTE, err });
      const body = plainErrorPage(500, 'Something went wrong on our side; it has been logged.');
      sendResponse(res, new Response(null, { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' } }), ctx.requestId, body);
    };
    const run = async (): Promise<void> => {
      // The target is canonical already (server/web.ts canonicalizeRequestUrl): this only splits it.
      const target = canonicalTarget(req.url);
      if (!target.ok) return toAstro(req, res, ctx);
      const verdict = await guardRequest({
        method: 'POST',
        pathname: target.path,
        search: target.search,
        origin: ctx.origin,
        header,
        unmatchedPage: false,
        clientIp: ctx.clientIp,
      });
      // Refused (cross-site, a bad path, an outage while resolving the caller): Astro's middleware decides again and answers.
      if (verdict.kind !== 'pass') return toAstro(req, res, ctx);
      let text: string | null = null;
      let form: Map<string, string> | null = null;
      let result: FlowResult;
      try {
        text = await readIncomingText(req, DEFAULT_FORM_LIMIT);
        form = parseFormText(text);
        result = await logIn(form, requestMetaOf(header, ctx.clientIp));
      } catch (err) {
        // A body past the limit or not UTF-8: the form again with the status (flows/result.ts readPageForm).
        if (!(err instanceof ApiError) || form !== null) throw err;
        result = invalid(err.message, {}, err.status);
      }
      if (result.kind === 'redirect') return sendRedirect(res, result, ctx.requestId);
      ctx.preparedPost = { form, result };
      // The stream is spent: Astro builds its Request from `req.body` when set (an async iterable is taken as is).
      (req as IncomingMessage & { body?: AsyncIterable<Uint8Array> }).body = spentBody(text);
      toAstro(req, res, ctx);
    };
    run().catch(fail);
    return true;
  };
}
