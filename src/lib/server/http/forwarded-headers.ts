import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which forwarding headers Astro may see. Astro rebuilds each request's URL
 * from `Host` plus `X-Forwarded-Proto/Host/Port` (astro.config.mjs allows any
 * host so the URL is not `http://localhost`), and `checkOrigin` compares a
 * form's `Origin` with that URL. Anyone can send these headers, so before
 * Astro sees a request we drop the ones nobody we trust has set:
 *
 * - `X-Forwarded-Host` / `X-Forwarded-Port`: always dropped; the proxy passes
 *   the browser's own `Host` through instead (nginx: `Host $http_host`).
 * - `X-Forwarded-Proto`: kept only with TRUST_PROXY, where our own proxy
 *   overwrites it with the scheme the browser used (https at nginx).
 */
export function sanitizeForwardedHeaders(headers: IncomingHttpHeaders, trustProxy: boolean): void {
  delete headers['x-forwarded-host'];
  delete headers['x-forwarded-port'];
  if (!trustProxy) {
    delete headers['x-forwarded-proto'];
    return;
  }
  const proto = headers['x-forwarded-proto'];
  // A chain of proxies appends; the last hop is the one our proxy wrote.
  const last = (Array.isArray(proto) ? proto.join(',') : (proto ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  if (last === 'http' || last === 'https') headers['x-forwarded-proto'] = last;
  else delete headers['x-forwarded-proto'];
}
