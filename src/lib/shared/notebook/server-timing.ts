/**
 * Parsing a `Server-Timing` header (`auth;dur=0.4, db;dur=0.2, total;dur=1.3`)
 * for the notebook's network panel. The header comes from whatever server a
 * cell called, so the parser is linear, keeps at most MAX_ENTRIES entries
 * and ignores what it does not understand instead of failing.
 */

/** One metric of the header: its name and duration in milliseconds (null when it gave none). */
export interface ServerTimingEntry {
  name: string;
  dur: number | null;
}

const MAX_ENTRIES = 12;
const MAX_HEADER = 2000;

/** The entries of a Server-Timing header value, in order. */
export function parseServerTiming(header: string | null | undefined): ServerTimingEntry[] {
  if (!header) return [];
  const out: ServerTimingEntry[] = [];
  for (const part of header.slice(0, MAX_HEADER).split(',')) {
    if (out.length >= MAX_ENTRIES) break;
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim();
    if (!/^[\w.-]{1,40}$/.test(name)) continue;
    let dur: number | null = null;
    for (const p of params) {
      const m = /^\s*dur\s*=\s*"?(\d+(?:\.\d+)?)"?\s*$/i.exec(p);
      if (m) dur = Number(m[1]);
    }
    out.push({ name, dur });
  }
  return out;
}

/** One segment of the panel's bar: a part's share (0..1) of the request's server time. */
export interface TimingSegment {
  name: string;
  ms: number;
  share: number;
}

/**
 * The bar's segments: every timed entry except `total`, each as a share of
 * `total` (or of their sum when they add up to more, as `db` inside `auth`
 * may). Null when the header has no durations.
 */
export function timingBar(entries: readonly ServerTimingEntry[]): { totalMs: number; segments: TimingSegment[] } | null {
  const timed = entries.filter((e): e is ServerTimingEntry & { dur: number } => e.dur !== null);
  if (!timed.length) return null;
  const parts = timed.filter((e) => e.name !== 'total');
  const sum = parts.reduce((n, e) => n + e.dur, 0);
  const totalMs = timed.find((e) => e.name === 'total')?.dur ?? sum;
  const scale = Math.max(totalMs, sum);
  return { totalMs, segments: parts.map((e) => ({ name: e.name, ms: e.dur, share: scale > 0 ? e.dur / scale : 0 })) };
}
