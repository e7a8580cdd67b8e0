import { createHash } from 'node:crypto';

/**
 * Entity tags and conditional requests (RFC 9110 section 13): `ETag` on every
 * representation, `If-None-Match` for cheap re-reads (304) and `If-Match` so
 * a write can refuse to overwrite a record that changed since it was read (412).
 */

/** A strong entity tag for a representation's bytes. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

function tagsOf(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 50);
}

/** If-None-Match: true when the client's copy is current (weak comparison, so `W/"x"` matches `"x"`). */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const tags = tagsOf(header);
  if (tags.includes('*')) return true;
  return tags.some((t) => (t.startsWith('W/') ? t.slice(2) : t) === etag);
}

/** If-Match: true when the write may go ahead (strong comparison; absent header always passes). */
export function ifMatchPasses(header: string | null, etag: string): boolean {
  if (header === null) return true;
  const tags = tagsOf(header);
  return tags.includes('*') || tags.includes(etag);
}
