import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerTiming, timingBar } from '../../../src/lib/shared/notebook/server-timing';

describe('the network panel reading Server-Timing', () => {
  it('parses the portal header and the spec forms', () => {
    expect(parseServerTiming('auth;dur=0.4, db;dur=0.2, total;dur=1.3')).toEqual([
      { name: 'auth', dur: 0.4 },
      { name: 'db', dur: 0.2 },
      { name: 'total', dur: 1.3 },
    ]);
    expect(parseServerTiming('cache;desc="Cache Read";dur=23.2, miss, edge;dur="5"')).toEqual([
      { name: 'cache', dur: 23.2 },
      { name: 'miss', dur: null },
      { name: 'edge', dur: 5 },
    ]);
    expect(parseServerTiming(null)).toEqual([]);
    expect(parseServerTiming('bad name;dur=1, ;dur=2, <x>;dur=3')).toEqual([]);
  });

  it('never throws and keeps at most 12 entries of any header', () => {
    expect(parseServerTiming(Array.from({ length: 100 }, (_, i) => `m${i};dur=${i}`).join(','))).toHaveLength(12);
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        for (const e of parseServerTiming(s)) expect(e.dur === null || Number.isFinite(e.dur)).toBe(true);
      }),
    );
  });

  it('turns the parts into shares of total, scaled down when they overlap', () => {
    const bar = timingBar(parseServerTiming('auth;dur=1, db;dur=1, total;dur=4'))!;
    expect(bar.totalMs).toBe(4);
    expect(bar.segments.map((s) => s.share)).toEqual([0.25, 0.25]);
    const over = timingBar(parseServerTiming('auth;dur=3, db;dur=3, total;dur=4'))!;
    expect(over.segments.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1);
    expect(timingBar(parseServerTiming('miss'))).toBeNull();
    expect(timingBar(parseServerTiming('total;dur=2'))).toEqual({ totalMs: 2, segments: [] });
  });
});
