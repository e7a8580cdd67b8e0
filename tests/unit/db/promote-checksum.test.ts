import { describe, expect, it } from 'vitest';
import { canonicalValue, TableChecksum } from '../../../src/lib/server/db/promote/checksum';

/**
 * db:promote's checksum must come out the same from SQLite's values and
 * Postgres's (int8 arrives as a string there, as BigInt from SQLite), must
 * not depend on row order, and must see a duplicated row.
 */

const sum = (rows: unknown[][], kinds: Array<'integer' | 'float' | 'text' | 'bytes' | null>) => {
  const c = new TableChecksum();
  for (const r of rows) c.add(r, kinds);
  return c.hex();
};

describe('promote checksum', () => {
  it('reads the same value the same way from either driver', () => {
    expect(canonicalValue(9007199254740993n, null)).toBe(canonicalValue('9007199254740993', 'integer'));
    expect(canonicalValue(Buffer.from([1, 2]), null)).toBe(canonicalValue(new Uint8Array([1, 2]), 'bytes'));
    expect(canonicalValue(0.25, null)).toBe(canonicalValue(0.25, 'float'));
    expect(canonicalValue(null, null)).toBe(canonicalValue(null, 'text'));
    // Text that looks like a number stays text; an empty string is not null.
    expect(canonicalValue('12', 'text')).not.toBe(canonicalValue(12n, null));
    expect(canonicalValue('', 'text')).not.toBe(canonicalValue(null, 'text'));
  });

  it('does not depend on row order, and counts a repeated row', () => {
    const rows = [
      [1n, 'a'],
      [2n, 'b'],
      [3n, null],
    ];
    expect(sum(rows, [null, null])).toBe(sum([...rows].reverse(), [null, null]));
    expect(sum([...rows, rows[0]!, rows[0]!], [null, null])).not.toBe(sum(rows, [null, null]));
    expect(
      sum(
        rows.map(([id, t]) => [String(id), t]),
        ['integer', 'text'],
      ),
    ).toBe(sum(rows, [null, null]));
  });

  it('tells apart values that only differ in where a column ends', () => {
    expect(sum([['ab', 'c']], ['text', 'text'])).not.toBe(sum([['a', 'bc']], ['text', 'text']));
  });
});
