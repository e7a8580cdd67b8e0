/**
 * The Host header, decided once for every front (HTTP requests in
 * canonical-entry.ts, WebSocket upgrades in realtime/router.ts): a host
 * name or an IP literal, with an optional port. Anything else (userinfo as
 * in `a@evil.example`, a path, spaces) is refused with 400 before a router
 * sees it: Astro cannot build a URL from such a Host and answered 500, and
 * the fast paths would have fallen back to the public origin.
 */

const HOST = /^(?:[A-Za-z0-9._-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Why a request's Host header is refused, or null when it is fine (or absent, as HTTP/1.0 allows). */
export function hostHeaderProblem(host: string | undefined): string | null {
  if (host === undefined || HOST.test(host)) return null;
  return 'The Host header must be a host name or an IP address, with an optional port.';
}
