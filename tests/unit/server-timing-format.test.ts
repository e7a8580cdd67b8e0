import { describe, expect, it } from 'vitest';
import { tenths } from '../../src/lib/server/metrics/server-timing';

describe('Server-Timing durations', () => {
  it('are written with one decimal, as toFixed(1) writes them', () => {
    const samples = [0, 0.04, 0.05, 0.06, 0.1, 0.95, 1, 1.25, 9.99, 12.34, 999.96, 60_000.04, 123_456.78];
    for (const ms of samples) expect(tenths(ms)).toBe((Math.round(ms * 10) / 10).toFixed(1));
    for (let i = 0; i < 2000; i++) {
      const ms = Math.random() * 5000;
      expect(Number(tenths(ms))).toBeCloseTo(ms, 1);
      expect(tenths(ms)).toMatch(/^\d+\.\d$/);
    }
  });
});
