import { describe, expect, it } from 'vitest';
import { cellUses, referencedNames } from '../../../src/lib/shared/notebook/cell-uses';

/** A cell that reads an earlier cell's names says so before it is run. */

describe('cellUses', () => {
  it('finds names of earlier cells a cell reads, nearest declaration first, not property names or its own', () => {
    const cells = [
      { id: 'setup', title: 'Set up', declared: ['api', 'base'], code: 'scope.api = () => 1; scope.base = "x";' },
      { id: 'key', title: 'A key', declared: ['key', 'base'], code: 'scope.key = await api("k"); scope.base = "y";' },
      { id: 'use', title: 'Use them', declared: ['result'], code: 'const result = await api(`${key}`); console.log(base, other.api, x?.key);' },
      { id: 'alone', title: 'Alone', declared: ['api'], code: 'const api = 1; console.log(api);' },
    ];
    const uses = cellUses(cells);
    expect(uses[0]).toEqual([]);
    expect(uses[1]).toEqual([{ id: 'setup', title: 'Set up', names: ['api'] }]);
    expect(uses[2]).toEqual([
      { id: 'setup', title: 'Set up', names: ['api'] },
      { id: 'key', title: 'A key', names: ['base', 'key'] },
    ]);
    expect(uses[3]).toEqual([]);
  });

  it('reads identifiers inside template literals and skips member names', () => {
    expect([...referencedNames('a.b; c?.d; `${e}`; f(g)')].sort()).toEqual(['a', 'c', 'e', 'f', 'g']);
  });
});
