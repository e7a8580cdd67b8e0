import { createHash, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config';
import { metricsText } from './registry';

/**
 * `GET /metrics`, decided before anything else of the portal sees the
 * request. With no METRICS_TOKEN there is no such path (the request goes on
 * to Astro, which has no page for it: 404). With one, every spelling that
 * canonicalises to `/metrics` (`//metrics`, `/metrics/`, `/%6detrics`,
 * `/./metrics`, `/x/../metrics`, any case) needs `Authorization: Bearer
 * <METRICS_TOKEN>`: a proxy rule written for `/metrics` cannot be walked
 * around by another spelling of it.
 */

/** What the web entry or the middleware writes back. */
export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_PATH = 256;

/**
 * The path as the gate compares it: `\` as `/`, percent-decoded until stable,
 * repeated slashes collapsed, dot segments resolved, no trailing slash,
 * lower case. Over-eager on purpose: a spelling it maps onto `/metrics`
 * is gated, never served freely. Null for a path too long or undecodable.
 */
export function canonicalMetricsPath(rawPath: string): string | null {
  if (rawPath.length > MAX_PATH) return null;
  let p = rawPath;
  for (let i = 0; i < 3 && p.includes('%'); i++) {
    try {
      p = decodeURIComponent(p);
    } catch {
      return null;
    }
  }
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`.toLowerCase();
}

/** Constant-time comparison of the presented bearer token with the configured one. */
export function bearerMatches(authorization: string | null | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const given = createHash('sha256').update(m?.[1] ?? '').digest();
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
