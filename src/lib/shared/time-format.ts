/**
 * The one way the portal writes times for people: absolute times as
 * "2026-12-04 15:08 UTC" (seconds only where they matter: "15:08:42 UTC"),
 * the same on every page, in mails and cell output whatever the reader's
 * locale; spans as the largest sensible unit ("3 min", "36 years").
 */

/** "2026-12-04 15:08 UTC". */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "15:08:42 UTC" (a time of day, to the second). */
export function utcTimeOfDay(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

const UNITS: Array<[number, string]> = [
  [365.25 * 86_400, 'year'],
  [30 * 86_400, 'month'],
  [86_400, 'day'],
  [3600, 'h'],
  [60, 'min'],
];

/** A span of seconds as people say it: "42 s", "3 min", "5 h", "2 days", "36 years" (rounded down to the largest unit). */
export function humanSpan(totalSeconds: number | bigint): string {
  const s = typeof totalSeconds === 'bigint' ? Number(totalSeconds) : totalSeconds;
  if (!Number.isFinite(s)) return 'forever';
  const abs = Math.abs(s);
  for (const [size, unit] of UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      const word = unit === 'h' || unit === 'min' ? unit : `${unit}${n === 1 ? '' : 's'}`;
      return `${s < 0 ? '-' : ''}${n} ${word}`;
    }
  }
  return `${Math.round(s)} s`;
}
