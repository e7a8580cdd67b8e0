/**
 * Which paths anyone may see and which need a login. Everything not listed
 * as public is gated: pages redirect to the login form, APIs answer 401.
 */

const PUBLIC_PAGES = new Set([
  '/',
  '/signup',
  '/login',
  '/login/two-factor',
  '/logout',
  '/forgot-password',
  '/forgot-password/sent',
  '/reset-password',
  '/404',
  '/500',
]);

const PUBLIC_API = new Set(['/api/health']);

/** Paths served only outside production (the development mailbox). */
const DEV_ONLY_PREFIXES = ['/dev/'];

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** An API path (JSON answers, 401 instead of a redirect). */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Account paths: reachable with the session cookie only, never with a token. */
export function isAccountPath(pathname: string): boolean {
  return /^\/(api\/)?account(\/|$)/.test(pathname);
}

/** Paths that only exist outside production. */
export function isDevOnlyPath(pathname: string): boolean {
  return DEV_ONLY_PREFIXES.some((p) => pathname.startsWith(p));
}

/** Whether a path may be seen without logging in. */
export function isPublicPath(pathname: string): boolean {
  const p = stripTrailingSlash(pathname);
  return PUBLIC_PAGES.has(p) || PUBLIC_API.has(p) || isDevOnlyPath(p);
}

/**
 * The `next` target after login: only a same-site relative path ("/x", not
 * "//evil" or "/\evil" or "https://"), else the success page.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/welcome'): string {
  if (!next || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://x.invalid');
    if (url.origin !== 'http://x.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The login URL that brings the user back to `pathWithQuery` afterwards. */
export function loginRedirectUrl(pathWithQuery: string): string {
  return `/login?next=${encodeURIComponent(safeNextPath(pathWithQuery, '/'))}`;
}
