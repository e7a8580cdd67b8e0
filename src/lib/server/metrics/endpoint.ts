import { createHash, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config';
import { canonicalPath } from '../http/canonical-path';
import { metricsText } from './registry';

/**
 * `GET /metrics`, decided before static files, the API fast path and Astro,
 * on the canonical path (http/canonical-path.ts, the one every other access
 * decision uses; server/web.ts has already rewritten `req.url` to it or
 * refused the request). With no METRICS_TOKEN there is no such path (the
 * request goes on to Astro, which has no page for it: 404). With one, every
 * spelling whose canonical form is `/metrics`, in any letter case
 * (`//metrics`, `/metrics/`, `/%6detrics`, `/./metrics`, `/x/../metrics`,
 * `/METRICS`), needs `Authorization: Bearer <METRICS_TOKEN>`.
 */

/** What the web entry or the middleware writes back. */
export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The path as the gate compares it: the shared canonical form, lower-cased
 * (over-eager on purpose: a spelling mapped onto `/metrics` is gated, never
 * served freely). Null for a path the canonical form refuses.
 */
export function canonicalMetricsPath(rawPath: string): string | null {
  return canonicalPath(rawPath)?.toLowerCase() ?? null;
}

/** Constant-time comparison of the presented bearer token with the configured one. */
export function bearerMatches(authorization: string | null | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const given = createHash('sha256')
    .update(m?.[1] ?? '')
    .digest();
  const wanted = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, wanted) && m !== null;
}

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function plain(status: number, body: string, extra: Record<string, string> = {}): MetricsAnswer {
  return { status, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra }, body };
}

/** Whether a request at `rawPath` (no query) is for `/metrics` while metrics are on; false: it goes on as usual. */
export function isMetricsRequest(rawPath: string): boolean {
  return getConfig().metricsToken !== undefined && canonicalMetricsPath(rawPath) === '/metrics';
}

/** The answer to a `/metrics` request (one isMetricsRequest accepted): 401 without the token, else the registry. */
export async function answerMetrics(method: string, authorization: string | null | undefined): Promise<MetricsAnswer> {
  const token = getConfig().metricsToken ?? '';
  if (!token || !bearerMatches(authorization, token)) {
    return plain(401, 'Unauthorized: send Authorization: Bearer <METRICS_TOKEN>.\n', { 'www-authenticate': 'Bearer realm="metrics"' });
  }
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed: use GET.\n', { allow: 'GET, HEAD' });
  const { contentType, body } = await metricsText();
  return { status: 200, headers: { ...BASE_HEADERS, 'content-type': contentType }, body: method === 'HEAD' ? '' : body };
}
