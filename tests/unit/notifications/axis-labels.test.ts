import { describe, expect, it } from 'vitest';
import { secondsBackLabels } from '../../../src/lib/client/notifications/axis-labels';

/** The throughput chart's time axis: one unit, no two equal labels. */
describe('seconds-back axis labels', () => {
  it('writes seconds under three minutes', () => {
    expect(secondsBackLabels([-105, -85, -65, -45, -25, -5])).toEqual(['-105 s', '-85 s', '-65 s', '-45 s', '-25 s', '-5 s']);
    expect(secondsBackLabels([-0.4])).toEqual(['0 s']);
  });

  it('writes minutes for longer spans, with a decimal where whole minutes would repeat', () => {
    expect(secondsBackLabels([-840, -600, -360, -120])).toEqual(['-14 min', '-10 min', '-6 min', '-2 min']);
    // The 15-minute window two and a half minutes after the page opened (ticks 20 s apart).
    const labels = secondsBackLabels([-189, -169, -149, -129, -109, -89, -69, -49, -29, -9]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => l.endsWith(' min'))).toBe(true);
    expect(labels[0]).toBe('-3.1 min');
  });
});
