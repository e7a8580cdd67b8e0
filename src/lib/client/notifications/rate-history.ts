/**
 * Delivered-per-second points kept in the page beyond the two minutes each
 * /ws/queue snapshot carries, so a spike can still be seen a few minutes
 * later. Only what arrived since the page opened: the server keeps no longer
 * history. Keyed by the whole second, so overlapping snapshots merge.
 */
export class RateHistory {
  private readonly points = new Map<number, number>();

  constructor(private readonly keepSeconds = 900) {}

  /** Merge one snapshot's points (`start` is the second of points[0]). */
  add(start: number, points: readonly number[]): void {
    points.forEach((v, i) => this.points.set(start + i, v));
    const newest = start + points.length - 1;
    for (const second of this.points.keys()) if (second <= newest - this.keepSeconds) this.points.delete(second);
  }

  /** The last `seconds` seconds as a dense series (missing seconds read 0). */
  window(seconds: number): { start: number; points: number[] } {
    if (!this.points.size) return { start: 0, points: [] };
    const newest = Math.max(...this.points.keys());
    const oldest = Math.max(Math.min(...this.points.keys()), newest - seconds + 1);
    const points: number[] = [];
    for (let s = oldest; s <= newest; s++) points.push(this.points.get(s) ?? 0);
    return { start: oldest, points };
  }
}
