import { describe, expect, it } from 'vitest';
import { csvField, learnersCsv, median } from '../../../src/lib/server/practice/class-csv';

/** The class view's pure helpers: the median, and CSV a spreadsheet opens safely. */

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, and null for none', () => {
    expect(median([])).toBeNull();
    expect(median([3])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('class CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-1+2', '@SUM(A1)', '\tTAB']) expect(csvField(evil).replace(/^"/, '')).toMatch(/^'/);
  });

  it('has a header row and one CRLF-terminated row per learner and exercise', () => {
    const csv = learnersCsv([
      {
        email: '=cmd@example.test',
        lesson: 'a1',
        exercise: 'x',
        attempts: 2,
        passed: true,
        usedSolution: false,
        passedAt: '2026-12-04T10:00:00.000Z',
      },
      { email: 'b@example.test', lesson: 'a1', exercise: 'x', attempts: 1, passed: false, usedSolution: true, passedAt: null },
    ]);
    expect(csv).toBe(
      'email,lesson,exercise,attempts,passed,used_solution,passed_at\r\n' +
        "'=cmd@example.test,a1,x,2,true,false,2026-12-04T10:00:00.000Z\r\n" +
        'b@example.test,a1,x,1,false,true,\r\n',
    );
  });
});
