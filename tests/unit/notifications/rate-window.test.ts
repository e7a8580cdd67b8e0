import { describe, expect, it } from 'vitest';
import { compactCount } from '../../../src/lib/client/notifications/format';
import { RateHistory } from '../../../src/lib/client/notifications/rate-history';

/** The throughput chart's y-axis labels and the page-side history behind its 15-minute window. */

describe('compactCount', () => {
  it('never gives two different ticks the same label', () => {
    const ticks = [0, 500, 1000, 1500, 2000, 2500, 3000, 12_500];
    const labels = ticks.map(compactCount);
    expect(labels).toEqual(['0', '500', '1k', '1.5k', '2k', '2.5k', '3k', '12.5k']);
    expect(new Set([1250, 1500, 1750, 2000].map(compactCount)).size).toBe(4);
    expect(compactCount(0.5)).toBe('0.5');
  });
});

describe('RateHistory', () => {
  it('merges overlapping two-minute snapshots and keeps a spike after it left the last two minutes', () => {
    const h = new RateHistory(900);
    const spike = Array.from({ length: 120 }, (_, i) => (i === 10 ? 5000 : 0));
    h.add(1000, spike);
    // 200 seconds later the server's window no longer holds the spike.
    h.add(
      1200,
      Array.from({ length: 120 }, () => 0),
    );
    const two = h.window(120);
    expect(two.start).toBe(1200);
    expect(Math.max(...two.points)).toBe(0);
    const fifteen = h.window(900);
    expect(fifteen.start).toBe(1000);
    expect(fifteen.points).toHaveLength(320);
    expect(fifteen.points[10]).toBe(5000);
    // Seconds no snapshot covered read 0, and nothing older than the kept 900 s survives.
    h.add(3000, [7]);
    expect(h.window(900)).toEqual({ start: 3000, points: [7] });
  });

  it('is empty before the first snapshot', () => {
    expect(new RateHistory().window(120)).toEqual({ start: 0, points: [] });
  });
});
