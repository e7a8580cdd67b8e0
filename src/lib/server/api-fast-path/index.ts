import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { MaybePromise } from '../../shared/maybe-promise';
import type { Principal } from '../auth/principal';
import { getConfig } from '../config';
import { applyCorsHeaders } from '../http/cors';
import { apiSecurityHeaders } from '../http/security-headers';
import { log } from '../log';
import { addServerTime, serverTimingValue } from '../metrics/server-timing';
import { errorReply, type Call, type Reply } from '../api-call';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db/unavailable';
import { ClientGoneError } from '../http/body';
import { readIncomingText } from '../http/incoming-body';
import { canonicalTarget } from '../http/canonical-path';
import { headerOf } from '../http/node-headers';
import { endAtTurnEnd } from '../http/end-of-turn';
import { guardApiCall, type GuardOutcome } from './guard';

/**
 * The production fast path for the learning APIs (/api/rest, /api/graphql).
 * Astro's request pipeline costs more than these tiny JSON answers do, so
 * server/web.ts hands these paths here first: the same guards as the
 * middleware (guard.ts), the same security, CORS and cache headers, then
 * the same handlers the Astro endpoints call under `npm run dev`.
 */

const flog = log.child({ mod: 'api-fast-path' });
const DATABASE_UNAVAILABLE = errorReply(503, 'database_unavailable', DATABASE_UNAVAILABLE_MESSAGE, { headers: { 'retry-after': '5' } });

/** One API served on the fast path. */
export interface FastApi {
  /** The route label of its requests in /metrics (the Astro pattern the same API has under `npm run dev`). */
  route: string;
  /** Whether this API serves `pathname`. */
  matches(pathname: string): boolean;
  /** A reply, or a promise of one when the API must wait (reading a body). */
  serve(call: Call, principal: Principal): MaybePromise<Reply>;
}

let staticHeaders: { names: ReadonlySet<string>; flat: readonly string[] } | undefined;

/** The API answers' security headers, as a flat [name, value, ...] list, computed once (they do not vary per request). */
function securityHeaders(): { names: ReadonlySet<string>; flat: readonly string[] } {
  if (!staticHeaders) {
    const all = apiSecurityHeaders(getConfig().publicOriginIsHttps);
    staticHeaders = { names: new Set(Object.keys(all)), flat: Object.entries(all).flat() };
  }
  return staticHeaders;
}

function corsHeaders(): string[] {
  const h = new Headers();
  applyCorsHeaders(h);
  return [...h].flat();
}
const CORS = corsHeaders();

function toCall(req: IncomingMessage, origin: string, raw: string, pathname: string): Call {
  let parsed: URL | undefined;
  // Parsed on first use: reading one record needs only the path, which the router takes from the raw target.
  const url = (): URL => (parsed ??= new URL(origin + raw));
  return {
    method: req.method ?? 'GET',
    pathname,
    get url(): URL {
      return url();
    },
    header: (name) => headerOf(req, name),
    readText: (maxBytes) => readIncomingText(req, maxBytes),
    bodyRequest() {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      // The client hung up while its caller was looked up: the body is gone, and `new Request` would refuse the
      // destroyed stream with a TypeError (an error logged and a 500 for nobody).
      if (hasBody && req.destroyed) throw new ClientGoneError('the client went away before its body was read');
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      return new Request(url(), {
        method: req.method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
      });
    },
  };
}

function choosesAny(headers: Record<string, string>, names: ReadonlySet<string>): boolean {
  for (const k in headers) if (names.has(k)) return true;
  return false;
}

function send(res: ServerResponse, reply: Reply, requestId: string, cors: boolean): void {
  // A flat [name, value, ...] list: no intermediate objects per answer.
  const sec = securityHeaders();
  let flat: string[];
  if (!choosesAny(reply.headers, sec.names)) flat = sec.flat.slice();
  else {
    // The reply chose one of them itself (none does today): its value wins.
    flat = [];
    for (let i = 0; i < sec.flat.length; i += 2) if (!(sec.flat[i]! in reply.headers)) flat.push(sec.flat[i]!, sec.flat[i + 1]!);
  }
  for (const k in reply.headers) flat.push(k, reply.headers[k]!);
  flat.push('x-request-id', requestId);
  const timing = serverTimingValue();
  if (timing) flat.push('server-timing', timing);
  if (!reply.headers['cache-control']) flat.push('cache-control', 'no-store');
  if (cors) for (const v of CORS) flat.push(v);
  // A known length spares the chunked framing (and a bigger write) on every answer.
  if (reply.body !== null) flat.push('content-length', String(Buffer.byteLength(reply.body)));
  res.writeHead(reply.status, flat);
  endAtTurnEnd(res, reply.body ?? undefined);
}

/**
 * Build the fast path over some APIs. The returned function answers `req`
 * and returns true when one of them serves its path; false leaves it to Astro.
 */
export function createApiFastPath(apis: readonly FastApi[]) {
  // `ctx.origin`: the request's origin, computed once by server/web.ts (http/request-origin.ts).
  return function serveFast(req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; origin: string; route?: string }): boolean {
    const raw = req.url ?? '/';
    if (!raw.startsWith('/api/')) return false;
    // `raw` is canonical already (server/web.ts made it so): this only splits it into path and query, no URL parse.
    const target = canonicalTarget(raw);
    if (!target.ok) return false;
    const pathname = target.path;
    const api = apis.find((a) => a.matches(pathname));
    if (!api) return false;
    ctx.route = api.route;
    let cors = false;
    const fail = (err: unknown): void => {
      // The client hung up mid-body: nobody to answer, and nothing of ours went wrong.
      if (err instanceof ClientGoneError) {
        flog.debug('client went away', { path: pathname });
        return void res.destroy();
      }
      if (res.headersSent) return void res.destroy();
      // The database down or restarting: try again shortly (the middleware answers the same for Astro's routes).
      if (isDatabaseUnavailable(err)) return send(res, DATABASE_UNAVAILABLE, ctx.requestId, cors);
      flog.error('api call failed', { path: pathname, err });
      send(res, errorReply(500, 'internal', 'Something went wrong on our side; it has been logged.'), ctx.requestId, cors);
    };
    const answer = (origin: string, outcome: GuardOutcome): void => {
      cors = outcome.cors === true || outcome.principal?.kind === 'token';
      const reply = outcome.reply ?? api.serve(toCall(req, origin, raw, pathname), outcome.principal!);
      if (reply instanceof Promise) reply.then((r) => send(res, r, ctx.requestId, cors), fail);
      else send(res, reply, ctx.requestId, cors);
    };
    // Synchronous when the caller is cached and the API answers synchronously (reads): no promise per request.
    try {
      const origin = ctx.origin;
      const started = performance.now();
      const outcome = guardApiCall(req, { pathname, search: target.search, origin });
      if (!(outcome instanceof Promise)) {
        addServerTime('auth', performance.now() - started);
        answer(origin, outcome);
      } else {
        outcome
          .then((o) => {
            addServerTime('auth', performance.now() - started);
            answer(origin, o);
          })
          .catch(fail);
      }
    } catch (err) {
      fail(err);
    }
    return true;
  };
}
