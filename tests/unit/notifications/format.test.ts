import { describe, expect, it } from 'vitest';
import { duration, jobStateText, percentDone, plural } from '../../../src/lib/client/notifications/format';

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

/** The search's line about a job: attempts are attempts, and a completed job's old error is not "Error:". */
describe('jobStateText', () => {
  const job = { id: 'c2-k1', queue: 'notifications', name: 'chunk', summary: 'campaign 2 chunk 1', error: '2 of 1000 deliveries failed (attempt 2)' };

  it("counts attempts without calling them failed, and labels a completed job's error as an earlier one", () => {
    const r = jobStateText({ ...job, state: 'completed', attempts: 3 });
    expect(r.text).toBe(' (notifications/chunk): completed, 3 attempts. campaign 2 chunk 1');
    expect(r.error).toEqual({ label: 'An earlier attempt failed: 2 of 1000 deliveries failed (attempt 2)', failed: false });
  });

  it('says "Error:" for a failed job, and "1 attempt" in the singular', () => {
    const r = jobStateText({ ...job, state: 'failed', attempts: 1 });
    expect(r.text).toContain('failed, 1 attempt.');
    expect(r.error).toEqual({ label: 'Error: 2 of 1000 deliveries failed (attempt 2)', failed: true });
    expect(jobStateText({ ...job, state: 'completed', attempts: 1, error: null }).error).toBeNull();
  });
});

/** Counts and durations read right: singular for one, never "took 0 s". */
describe('plural and duration', () => {
  it('puts the noun in the singular for exactly one', () => {
    expect(plural(1, 'chunk')).toBe('1 chunk');
    expect(plural(50, 'recipient')).toBe('50 recipients');
    expect(plural(0, 'chunk')).toBe('0 chunks');
    expect(plural(1000, 'recipient')).toBe('1,000 recipients');
  });

  it('says "under 1 s" for less than a second', () => {
    expect(duration(0)).toBe('under 1 s');
    expect(duration(0.42)).toBe('under 1 s');
    expect(duration(1)).toBe('1 s');
    expect(duration(125)).toBe('2 min 5 s');
  });
});
