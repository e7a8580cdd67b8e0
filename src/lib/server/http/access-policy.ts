import { getConfig } from '../config';
import { canonicalPath } from './canonical-path';
import { isLoopbackAddress } from './ip-address';

/**
 * Which paths anyone may see and which need a login. Everything not listed
 * as public is gated: pages redirect to the login form, APIs answer 401.
 * Every function here takes a canonical path (http/canonical-path.ts):
 * request-guard.ts refuses any other spelling before it asks.
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
const DEV_ONLY_ROOT = '/dev';

/** Whether a canonical path is `root` itself or lies below it. */
function isUnder(pathname: string, root: string): boolean {
  return pathname === root || pathname.startsWith(`${root}/`);
}

/** A WebSocket endpoint path (`/ws/<name>`). */
export function isWebSocketPath(pathname: string): boolean {
  return isUnder(pathname, '/ws');
}

/** An API path (JSON answers, 401 instead of a redirect). */
export function isApiPath(pathname: string): boolean {
  return isUnder(pathname, '/api');
}

/** Account paths: reachable with the session cookie only, never with a token. */
export function isAccountPath(pathname: string): boolean {
  return /^\/(api\/)?account(\/|$)/.test(pathname);
}

/** Paths that only exist outside production. */
export function isDevOnlyPath(pathname: string): boolean {
  return isUnder(pathname, DEV_ONLY_ROOT);
}

/**
 * Whether the development pages may answer this caller: never in production,
 * and only to this machine. The request guard decides this for /dev paths;
 * the dev pages ask again themselves, so a routing mistake cannot expose the
 * mailbox (it holds password-reset links).
 */
export function devPagesAllowed(clientIp: string | undefined): boolean {
  return !getConfig().isProduction && isLoopbackAddress(clientIp);
}

/** Whether a path may be seen without logging in. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PAGES.has(pathname) || PUBLIC_API.has(pathname) || isDevOnlyPath(pathname);
}

const NEXT_BASE = 'http://next.invalid';

/**
 * The `next` target after login, resolved the way the browser will resolve
 * it: `new URL(next, origin)` must stay on our origin, and the answer is the
 * re-serialised canonical path (never the raw input), so `/.//evil`,
 * `/..//evil` or `/%2e//evil` cannot turn into a `//evil` Location. Anything
 * else gives the success page.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/welcome'): string {
  if (!next || next.length > 2000 || !next.startsWith('/')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== NEXT_BASE) return fallback;
  const path = canonicalPath(url.pathname);
  return path ? path + url.search + url.hash : fallback;
}

/** The login URL that brings the user back to `pathWithQuery` afterwards. */
export function loginRedirectUrl(pathWithQuery: string): string {
  return `/login?next=${encodeURIComponent(safeNextPath(pathWithQuery, '/'))}`;
}
