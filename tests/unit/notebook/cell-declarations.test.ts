import { describe, expect, it } from 'vitest';
import { declaredGlobals, sharedDeclarations, topLevelNames } from '../../../src/lib/shared/notebook/cell-declarations';

/** The names cells share in the editor's type checker. */
describe('cell declarations for the editor', () => {
  it('finds top-level values and types, destructured names included, and skips nested ones', () => {
    const src = [
      'const health = await (await fetch("/api/health")).json();',
      'let count = 0, other = 1;',
      'const pick = (x: Map<string, number>) => x, later = 2;',
      'async function load(id: number) {',
      '  const inner = id;',
      '}',
      'function* gen() {}',
      'class Point {}',
      'const { a, b: renamed, ...rest } = obj;',
      'const [first, , third = 3] = list;',
      'interface Todo { id: number }',
      'type Id = number;',
      'export enum Color { Red }',
    ].join('\n');
    expect(topLevelNames(src)).toEqual({
      values: ['health', 'count', 'other', 'pick', 'later', 'a', 'renamed', 'rest', 'first', 'third', 'load', 'gen', 'Point'],
      types: ['Point', 'Todo', 'Id', 'Color'],
    });
  });

  it('declares every shared name once, loosely typed, leaving reserved globals alone', () => {
    const dts = sharedDeclarations(['const todo = 1;\ninterface Todo {}', 'let todo = 2;\ntype Note = string;'], new Set(['Todo']));
    expect(dts).toContain('declare var todo: any;');
    expect(dts.match(/declare var todo/g)).toHaveLength(1);
    expect(dts).toContain('type Note = any;');
    expect(dts).not.toContain('type Todo');
  });

  it('reads the names a declaration file makes global', () => {
    expect([...declaredGlobals('interface Todo {}\ntype RestError = {};\ndeclare function display(): void;\ndeclare const portal: {};')]).toEqual(['Todo', 'RestError', 'display', 'portal']);
  });
});
