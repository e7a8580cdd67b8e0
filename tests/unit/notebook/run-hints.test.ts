import { describe, expect, it } from 'vitest';
import { missingNameHint, typeErrorWarning, undefinedName } from '../../../src/lib/shared/notebook/run-hints';

/** The notes a run gets: type errors it goes ahead with, and which cell declares a missing name. */

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

describe('missing name hint', () => {
  const cells = [
    { id: 'encoder', title: 'Text to bytes', declared: ['utf8', 'hex'] },
    { id: 'digest', title: 'SHA-256 of a text', declared: ['digest'] },
    { id: 'later', title: 'Cell later', declared: ['late'] },
  ];

  it('reads the name out of V8’s ReferenceError and nothing else', () => {
    expect(undefinedName({ name: 'ReferenceError', message: 'utf8 is not defined' })).toBe('utf8');
    expect(undefinedName({ name: 'ReferenceError', message: "Cannot access 'x' before initialization" })).toBeNull();
    expect(undefinedName({ name: 'TypeError', message: 'utf8 is not defined' })).toBeNull();
  });

  it('names the nearest cell above that declares it, else one further down, else nothing', () => {
    expect(missingNameHint('utf8', 1, cells)).toBe('`utf8` is defined in the cell “Text to bytes” above; run it first, or use Run all.');
    expect(missingNameHint('late', 1, cells)).toBe('`late` is defined in the cell “Cell later” further down; run that cell first.');
    expect(missingNameHint('digest', 1, cells)).toBeNull();
    expect(missingNameHint('typo', 1, cells)).toBeNull();
  });
});
