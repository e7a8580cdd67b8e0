/**
 * CORS for token-authenticated API calls. Bearer tokens are not ambient, so
 * any origin (including the code cells' opaque `null` origin) may call with
 * one; the answers never allow credentials, so cookies are never involved.
 */

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, if-none-match, if-match, x-request-id';
const EXPOSED_HEADERS =
  'etag, link, location, x-total-count, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy, x-request-id, idempotent-replayed, server-timing';

/** The answer to a CORS preflight for an API path. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
      vary: 'origin',
    },
  });
}

/** Add the CORS headers of a token-authenticated answer. */
export function applyCorsHeaders(headers: Headers): void {
  headers.set('access-control-allow-origin', '*');
  headers.set('access-control-expose-headers', EXPOSED_HEADERS);
  // Lets the cells' sandbox (opaque origin) see Server-Timing in the Resource Timing API too.
  headers.set('timing-allow-origin', '*');
}
