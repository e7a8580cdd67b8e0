/**
 * The one canonical spelling of a request path. Every access decision (dev
 * pages, public pages, API vs page, account area, WebSocket routes) is made on
 * this form, and the entry points (server/web.ts, the dev server hook, the
 * WebSocket router) hand the router this same form, so what is checked is
 * what is served. Spellings that would mean something else to some other
 * parser are refused instead of guessed at:
 *
 * - `\` and `/` separate segments alike (browsers treat them so);
 * - empty segments collapse (`//dev/mail` is `/dev/mail`);
 * - `.` and `..` resolve, also when percent-encoded (`%2e`, `.%2E`), and `..`
 *   never climbs above the root;
 * - every other percent-encoding is decoded once, then re-encoded one way;
 *   an encoded separator (`%2f`, `%5c`) or control character is refused,
 *   since routers disagree on whether it splits the path;
 * - a trailing slash is dropped (Astro serves `/x/` and `/x` alike);
 * - absolute-form targets (`GET http://host/x`), `*`, raw control or
 *   non-ASCII bytes are refused.
 */

/** Longest request path accepted (before the query string). */
export const MAX_PATH_LENGTH = 4096;

/** Outcome of canonicalising a request target. */
export type CanonicalTarget = { ok: true; path: string; search: string; changed: boolean } | { ok: false; status: 400 | 414; message: string };

// Already canonical: "/" or "/seg/seg" of plain characters, no dot segment, no trailing slash.
const PLAIN = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]+)+$/;
// What a segment must carry percent-encoded: the WHATWG path percent-encode set, plus "%" and the separators.
const MUST_ENCODE = /[^\u0021-\u007e]|["#%<>?`{}/\\]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\u0021-\u007e]*$/;

function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (!MUST_ENCODE.test(ch)) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function bad(message: string): CanonicalTarget {
  return { ok: false, status: 400, message };
}

/** Canonical form of a path (no query). Null when it must be refused; see the module comment. */
export function canonicalPath(rawPath: string): string | null {
  const t = canonicalTarget(rawPath);
  return t.ok && t.search === '' ? t.path : null;
}

/** Split a raw request target (`req.url`) into its canonical path and its query string (kept as sent). */
export function canonicalTarget(rawTarget: string | undefined): CanonicalTarget {
  const raw = rawTarget ?? '';
  const q = raw.indexOf('?');
  const hash = raw.indexOf('#');
  const end = Math.min(q < 0 ? raw.length : q, hash < 0 ? raw.length : hash);
  const rawPath = raw.slice(0, end);
  const search = q >= 0 && (hash < 0 || q < hash) ? raw.slice(q, hash > q ? hash : raw.length) : '';
  if (rawPath.length > MAX_PATH_LENGTH) return { ok: false, status: 414, message: `The path is longer than ${MAX_PATH_LENGTH} characters.` };
  if (!rawPath.startsWith('/') && !rawPath.startsWith('\\')) return bad('The request target must be a path starting with "/".');
  if (!PRINTABLE_ASCII.test(rawPath)) return bad('The path holds characters that must be percent-encoded.');
  if (rawPath === '/' || PLAIN.test(rawPath)) return { ok: true, path: rawPath, search, changed: false };

  const segments: string[] = [];
  for (const rawSegment of rawPath.split(/[/\\]/)) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return bad('The path holds a malformed percent-encoding.');
    }
    if (segment.includes('/') || segment.includes('\\')) return bad('Encoded "/" or "\\" is not allowed in a path.');
    if (CONTROL.test(segment)) return bad('The path holds a control character.');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(encodeSegment(segment));
  }
  const path = `/${segments.join('/')}`;
  return { ok: true, path, search, changed: path !== rawPath };
}
