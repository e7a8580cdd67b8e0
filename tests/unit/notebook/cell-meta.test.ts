import { describe, expect, it } from 'vitest';
import { CellMetaError, isCellFence, parseCellMeta, tokenizeMeta } from '../../../src/lib/shared/notebook/cell-meta';

/** The fence info string of a cell: ```ts cell id=... title="..." expect="..." timeout=... autorun */

describe('cell fence meta', () => {
  it('recognises cell fences only', () => {
    expect(isCellFence('ts', 'cell id=a')).toBe(true);
    expect(isCellFence('typescript', 'cell')).toBe(true);
    expect(isCellFence('ts', 'title="cell"')).toBe(false);
    expect(isCellFence('js', 'cell id=a')).toBe(false);
    expect(isCellFence('ts', null)).toBe(false);
  });

  it('reads quoted values with escapes, bare values and flags', () => {
    expect(tokenizeMeta(`cell id=x title="Say \\"hi\\"" expect='it\\'s = ok' autorun`)).toEqual([
      { key: 'cell', value: null },
      { key: 'id', value: 'x' },
      { key: 'title', value: 'Say "hi"' },
      { key: 'expect', value: "it's = ok" },
      { key: 'autorun', value: null },
    ]);
    expect(parseCellMeta('cell id=fetch-1 title="Fetch one" expect="delectus aut" timeout=2.5 autorun')).toEqual({
      id: 'fetch-1',
      title: 'Fetch one',
      expect: 'delectus aut',
      timeoutSec: 2.5,
      autorun: true,
    });
    expect(parseCellMeta('cell id=a')).toEqual({ id: 'a', title: null, expect: null, timeoutSec: 30, autorun: false });
  });

  it('explains every mistake', () => {
    const cases: Array<[string, RegExp]> = [
      ['cell', /has no id/],
      ['cell id=Bad_Id', /lower-case letters/],
      ['cell id=a id=b', /given twice/],
      ['cell id=a expext="x"', /unknown cell option "expext"/],
      ['cell id=a timeout=0', /between 0 and 600/],
      ['cell id=a timeout=abc', /between 0 and 600/],
      ['cell id=a autorun=yes', /takes no value/],
      ['cell id=a title="open', /no closing "/],
      ['cell id=a title=', /needs a value/],
    ];
    for (const [meta, message] of cases) {
      expect(() => parseCellMeta(meta), meta).toThrow(CellMetaError);
      expect(() => parseCellMeta(meta), meta).toThrow(message);
    }
  });
});
