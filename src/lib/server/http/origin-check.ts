/**
 * Cross-site request refusal for cookie-authenticated calls. A browser marks
 * every request with `Sec-Fetch-Site` and (for non-GET) `Origin`; a request
 * from another site that carries our cookie is refused before it can change
 * anything. Token-authenticated calls do not need this: no ambient credential.
 */

/** Methods that never change state. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when the request demonstrably comes from another site. `allowedOrigins`
 * holds the public origin and the origin the request itself was addressed to.
 */
export function isCrossSite(headers: Headers, allowedOrigins: readonly string[]): boolean {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.get('origin');
  if (origin !== null) return !allowedOrigins.includes(origin);
  return false;
}
