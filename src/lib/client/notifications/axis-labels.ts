/**
 * Labels for the throughput chart's time axis, which counts seconds back
 * from now: one unit along the whole axis (seconds under three minutes,
 * minutes beyond) and never two equal labels, which rounding each tick on
 * its own gave ("-2 min, -2 min, -109 s").
 */
export function secondsBackLabels(backs: readonly number[]): string[] {
  const span = Math.max(0, ...backs.map((b) => Math.abs(b)));
  const seconds = backs.map((b) => `${Math.round(b) || 0} s`);
  if (span < 180) return seconds;
  for (const digits of [0, 1, 2]) {
    // Number() drops trailing zeros and turns -0 into 0.
    const labels = backs.map((b) => `${Number((b / 60).toFixed(digits)) || 0} min`);
    if (new Set(labels).size === labels.length) return labels;
  }
  return seconds;
}
