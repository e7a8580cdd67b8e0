import { describe, expect, it } from 'vitest';
import { typeErrorWarning } from '../../../src/lib/shared/notebook/run-hints';

/** The notes a run gets: type errors it goes ahead with. */

describe('type error warning', () => {
  it('names one error with its line and says the run goes ahead', () => {
    expect(typeErrorWarning([{ line: 2, message: "Type 'string' is not assignable to type 'number'." }])).toBe(
      "1 type error (line 2: Type 'string' is not assignable to type 'number'); running anyway — TypeScript types are checked in the editor, not enforced at run time.",
    );
  });

  it('sorts by line, spells out two, counts the rest and keeps only first lines of long messages', () => {
    const text = typeErrorWarning([
      { line: 9, message: 'later' },
      { line: 1, message: `first\n  details nobody needs here ${'x'.repeat(300)}` },
      { line: 4, message: 'x'.repeat(400) },
      { line: 12, message: 'last' },
    ]);
    expect(text).toMatch(/^4 type errors \(line 1: first; line 4: x{159}…; 2 more\); running anyway/);
    expect(text).not.toContain('details');
  });
});
