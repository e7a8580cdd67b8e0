import type { IncomingMessage } from 'node:http';
import { getConfig } from '../config';

/**
 * The origin a raw Node request was addressed to (`http://host:port`), for the
 * fronts that answer before Astro (the API and login fast paths): the
 * `origin` their guards compare an Origin header with, as the middleware does
 * with Astro's `url.origin`.
 */

// The origins seen in Host headers (one or two in practice), so each request's is not rebuilt.
const origins = new Map<string, string>();
const MAX_ORIGINS = 64;

/** The request's origin from its Host header (and https socket or trusted X-Forwarded-Proto); the public origin when absent or odd. */
export function requestOrigin(req: IncomingMessage): string {
  const host = req.headers.host;
  if (!host) return getConfig().publicOrigin;
  const https = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
  const key = https ? `s${host}` : host;
  const known = origins.get(key);
  if (known !== undefined) return known;
  // Normalised as a URL's origin (lower case, no default port), as Astro's url.origin is: the guard compares it with Origin headers.
  const origin = /^[\w.:[\]-]{1,255}$/.test(host)
    ? (URL.parse(`${https ? 'https' : 'http'}://${host}`)?.origin ?? getConfig().publicOrigin)
    : getConfig().publicOrigin;
  if (origins.size < MAX_ORIGINS) origins.set(key, origin);
  return origin;
}
