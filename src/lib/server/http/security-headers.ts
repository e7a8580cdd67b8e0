/**
 * Security headers for every response, pages and static files alike.
 * The Content-Security-Policy is built from directive lists so a page that
 * needs more (the notebook's sandbox runs user code from blob: URLs) adds to
 * its own response only, through `locals.csp`.
 */

/** CSP directives as lists of sources. */
export type CspDirectives = Record<string, string[]>;

/** The site-wide policy: scripts only from this origin, no plugins, no framing by others. */
export function defaultCsp(): CspDirectives {
  return {
    'default-src': ["'self'"],
    // wasm-unsafe-eval lets esbuild-wasm compile without allowing JS eval.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // Highlighted code and Monaco set inline style attributes.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** Serialise directives into a header value. */
export function serializeCsp(csp: CspDirectives): string {
  return Object.entries(csp)
    .map(([name, sources]) => [name, ...new Set(sources)].join(' '))
    .join('; ');
}

const HSTS = 'max-age=63072000; includeSubDomains';

/** Headers every page and built file carries; HSTS only when served over https. */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(https ? { 'strict-transport-security': HSTS } : {}),
  };
}

/**
 * Headers every API answer (/api/*) carries instead: JSON is never a page, so
 * what only a document uses (Referrer-, Permissions-, Cross-Origin-Opener-
 * Policy, a CSP listing what a page may load) has nothing to act on. What
 * matters for data is kept: no sniffing it into HTML or script, no framing,
 * a CSP that lets nothing load should a browser open it, HSTS over https
 * (the OWASP REST security headers). Five to six fewer header lines, about
 * 650 bytes, on every API answer.
 */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(https ? { 'strict-transport-security': HSTS } : {}),
  };
}

/** Apply the API answers' security headers to a response in place (keeps any the handler already chose). */
export function applyApiSecurityHeaders(headers: Headers, https: boolean): void {
  for (const [k, v] of Object.entries(apiSecurityHeaders(https))) {
    if (!headers.has(k)) headers.set(k, v);
  }
}

/** Apply the security headers to a response in place (keeps any the handler already chose). */
export function applySecurityHeaders(headers: Headers, opts: { https: boolean; csp: CspDirectives }): void {
  for (const [k, v] of Object.entries(baseSecurityHeaders(opts.https))) {
    if (!headers.has(k)) headers.set(k, v);
  }
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', serializeCsp(opts.csp));
}
