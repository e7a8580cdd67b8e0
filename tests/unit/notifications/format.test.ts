import { describe, expect, it } from 'vitest';
import { percentDone } from '../../../src/lib/client/notifications/format';

/** Campaign progress as a percentage: rounded down, 100 only when everything is in. */
describe('percentDone', () => {
  it('never shows 100% before the last one is delivered', () => {
    expect(percentDone(19_999, 20_000)).toBe(99.9);
    expect(percentDone(999_999, 1_000_000)).toBe(99.9);
    expect(percentDone(20_000, 20_000)).toBe(100);
  });

  it('rounds down to one decimal without floating-point slips', () => {
    expect(percentDone(29, 100)).toBe(29);
    expect(percentDone(1, 3)).toBe(33.3);
    expect(percentDone(2, 3)).toBe(66.6);
    expect(percentDone(0, 5000)).toBe(0);
  });

  it('treats an empty campaign as complete and caps at 100', () => {
    expect(percentDone(0, 0)).toBe(100);
    expect(percentDone(12, 10)).toBe(100);
  });
});
