/**
 * Spellings of one canonical path, for the property tests here and in
 * tests/integration/security: the same route written with doubled slashes,
 * backslashes, dot segments (plain and percent-encoded), detours through a
 * parent, percent-encoded letters in either hex case, and a trailing slash.
 * `seed` picks the spelling, so a failing case can be replayed.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

const SEPARATORS = ['/', '//', '///', '\\', '/./', '/%2e/', '/%2E/', '/x/../', '/x/%2e%2e/', '/x/.%2E/', '/x/..\\'];

function encodeSome(segment: string, r: () => number): string {
  let out = '';
  for (const ch of segment) {
    const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
    out += r() < 0.25 && ch.charCodeAt(0) < 0x80 ? `%${r() < 0.5 ? hex.toUpperCase() : hex.toLowerCase()}` : ch;
  }
  return out;
}

/** One spelling of `route` (a canonical path) chosen by `seed`. */
export function pathSpelling(route: string, seed: number): string {
  const r = rng(seed);
  const segments = route.split('/').filter(Boolean);
  let out = r() < 0.2 ? '/..' : '';
  for (const seg of segments) {
    out += SEPARATORS[Math.floor(r() * SEPARATORS.length)]!;
    out += encodeSome(seg, r);
  }
  if (!segments.length) out += SEPARATORS[Math.floor(r() * SEPARATORS.length)]!;
  if (r() < 0.3) out += r() < 0.5 ? '/' : '/.';
  return out || '/';
}
