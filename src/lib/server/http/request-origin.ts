import type { IncomingMessage } from 'node:http';
import { getConfig } from '../config';
import { hostHeaderProblem } from './host-header';

/**
 * The origin a raw Node request was addressed to (`http://host:port`): the
 * `origin` every guard compares an Origin header with. server/web.ts computes
 * it once per request (`locals.origin`, read by the fast paths and Astro's
 * middleware) and the WebSocket router once per upgrade, both after
 * sanitizeForwardedHeaders, so X-Forwarded-Proto is ours.
 */

// The origins seen in Host headers (one or two in practice), so each request's is not rebuilt.
// One map per scheme: a single map keyed `s${host}` for https let a plain-http Host "s" + host
// fill the entry an https request to host reads, making `http://s<host>` an allowed Origin there.
const origins = { http: new Map<string, string>(), https: new Map<string, string>() };
const MAX_ORIGINS = 64;

/** The request's origin from its Host header (and https socket or trusted X-Forwarded-Proto); the public origin when absent or odd. */
export function requestOrigin(req: IncomingMessage): string {
  const host = req.headers.host;
  if (!host) return getConfig().publicOrigin;
  const https = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
  const seen = https ? origins.https : origins.http;
  const known = seen.get(host);
  if (known !== undefined) return known;
  // Normalised as a URL's origin (lower case, no default port), as Astro's url.origin is: the guard compares it with Origin headers.
  const origin =
    hostHeaderProblem(host) === null
      ? (URL.parse(`${https ? 'https' : 'http'}://${host}`)?.origin ?? getConfig().publicOrigin)
      : getConfig().publicOrigin;
  if (seen.size < MAX_ORIGINS) seen.set(host, origin);
  return origin;
}
