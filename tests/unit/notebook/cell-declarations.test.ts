import { describe, expect, it } from 'vitest';
import { declaredGlobals, topLevelNames } from '../../../src/lib/shared/notebook/cell-declarations';
import { cellTypeLibs, looksBalanced } from '../../../src/lib/shared/notebook/cell-type-libs';

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

  it('types a name from the one cell that declares it, leaving reserved globals alone', () => {
    const { libs, loose } = cellTypeLibs(
      ['const todo = 1;\ninterface Todo {}', 'let count = 2;\ntype Note = string;', 'console.log(todo, count);'],
      new Set(['Todo']),
    );
    expect(libs[2]).toBe('');
    expect(libs[0]).toContain('const todo = 1;\ninterface Todo {}\n;export {};\n');
    expect(libs[0]).toMatch(/declare global \{\n {2}var todo: __nb_value_todo;\n\}/);
    expect(libs[1]).toContain('type __nb_value_count = typeof count;');
    expect(libs[1]).toContain('type __nb_type_Note = Note;');
    expect(libs[1]).toMatch(/declare global \{\n {2}var count: __nb_value_count;\n {2}type Note = __nb_type_Note;\n\}/);
    expect(libs.join('') + loose).not.toMatch(/\bTodo\b = /);
    expect(loose).not.toContain('declare var');
  });

  it('types loosely a name several cells declare, a cell that does not parse, and generic types (with their arity)', () => {
    const { libs, loose } = cellTypeLibs([
      'const half = { open: 1;',
      'type Box<T> = { value: T };\ntype Pair<A, B extends Map<string, number> = Map<string, number>> = [A, B];\nconst box: Box<number> = { value: 1 };\nlet health = 1;',
      'const health = "twice";',
    ]);
    expect(libs[0]).toBe('');
    expect(loose).toContain('declare var half: any;');
    expect(loose).toContain('declare var health: any;');
    expect(loose).toContain('type Box<_0 = any> = any;');
    expect(loose).toContain('type Pair<_0 = any, _1 = any> = any;');
    expect(libs[1]).toContain('var box: __nb_value_box;');
    expect(libs[1]).not.toContain('__nb_type_Box');
    expect(libs[1]).not.toContain('var health');
    expect(libs[2]).toBe('');
  });

  it('tells closed code from code still being typed', () => {
    for (const ok of [
      'const a = [1, (2)];',
      'const s = `x ${ {a: 1}.a } y`; // a ) in a comment',
      "const q = 'it\\'s'; /* { */",
      'function f() {\n  return "}";\n}',
    ]) {
      expect(looksBalanced(ok), ok).toBe(true);
    }
    for (const bad of ['const a = [1, 2;', 'const s = `open', "const q = 'unterminated", 'f(() => {', 'const x = 1; /* never closed', 'a)']) {
      expect(looksBalanced(bad), bad).toBe(false);
    }
  });

  it('reads the names a declaration file makes global', () => {
    expect([...declaredGlobals('interface Todo {}\ntype RestError = {};\ndeclare function display(): void;\ndeclare const portal: {};')]).toEqual([
      'Todo',
      'RestError',
      'display',
      'portal',
    ]);
  });
});
