// The figures every bench prints: medians, percentiles, rounding, and the
// machine's load average (printed next to every timing, since a busy shared
// machine changes them). One definition each, for every bench.
import os from 'node:os';

/**
 * The median of some numbers: the middle one, or the mean of the two middle ones for an even count (NaN for none).
 * @param {readonly number[]} xs
 * @returns {number}
 */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The value at percentile `p` (0-100) of numbers already sorted ascending (nearest rank; undefined for none).
 * @param {readonly number[]} sorted
 * @param {number} p
 * @returns {number | undefined}
 */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `x` rounded to `digits` decimals (one by default).
 * @param {number} x
 * @param {number} [digits]
 * @returns {number}
 */
export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The 1, 5 and 15 minute load averages as `"a b c"`, one decimal each.
 * @returns {string}
 */
export function loadAverage() {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}
