import { topLevelNames } from './cell-declarations';

/**
 * The declarations that let the editor's checker see every cell's top-level
 * names. In the editor every cell is its own module (so top-level `await` is
 * typed correctly). Names a cell declares are made known to every cell with
 * the types TypeScript infers for them: each cell's code is also handed to
 * the checker as a module that re-declares its names globally through
 * `typeof`. Where that cannot work (code that does not parse, generic types)
 * a name falls back to an ambient `any`, so a later cell that uses it is
 * never flagged while a misspelt name still is. The kernel itself shares the
 * real values (see kernel-transform.ts); this is only about the editor's
 * squiggles, hovers and completions. Loaded with the editor, not the page.
 */

/** Ambient `any` declarations for names the checker cannot type from their cell. */
function looseDeclarations(values: Iterable<string>, types: Map<string, number>): string {
  const lines = ["// Names the page's cells declare that the checker cannot type from their cell (typed loosely)."];
  for (const n of [...values].sort()) lines.push(`declare var ${n}: any;`);
  for (const [n, arity] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
    // Optional parameters, so `Box` and `Box<number>` are both accepted.
    const params = Array.from({ length: arity }, (_, i) => `_${i} = any`).join(', ');
    lines.push(`type ${n}${params ? `<${params}>` : ''} = any;`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Whether brackets, quotes, template literals and comments in `source` are
 * closed, so text appended after it is read as new top-level code. Regular
 * expression literals are not recognised; one holding a quote or bracket
 * makes this answer false, which only means the cell is typed loosely.
 */
export function looksBalanced(source: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (stack.at(-1) === '`') {
      if (c === '\\') i += 2;
      else if (c === '`') {
        stack.pop();
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        stack.push('${');
        i += 2;
      } else i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      if (j >= n || source[j] !== c) return false;
      i = j + 1;
    } else if (c === '`' || c === '(' || c === '[' || c === '{') {
      stack.push(c);
      i++;
    } else if (c === '}' && stack.at(-1) === '${') {
      stack.pop();
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== pairs[c]) return false;
      i++;
    } else i++;
  }
  return stack.length === 0;
}

/**
 * How many type parameters `source` gives the type `name` (`type N<T, U>` is
 * 2; 0 when it is not generic). An alias cannot re-export a generic type
 * without its parameters, so generic types are typed loosely with as many.
 */
export function typeArity(source: string, name: string): number {
  const head = new RegExp(
    `^(?:export\\s+)?(?:declare\\s+)?(?:interface|type|(?:abstract\\s+)?class)\\s+${name.replace(/\$/g, '\\$')}\\s*<`,
    'm',
  ).exec(source);
  if (!head) return 0;
  let depth = 1;
  let count = 1;
  for (let i = head.index + head[0].length; i < source.length && depth > 0; i++) {
    const c = source[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if (c === '>' && source[i - 1] !== '=') depth--;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) count++;
  }
  return count;
}

/** One cell's code as a module for the checker, followed by its owned names declared globally with their inferred types. */
export function typedCellLib(source: string, owned: { values: string[]; types: string[] }): string {
  // Aliases made at module level, where the cell's own declarations are in scope; inside
  // `declare global` a bare `typeof x` would name the global being declared.
  const aliases = [...owned.values.map((v) => `type __nb_value_${v} = typeof ${v};`), ...owned.types.map((t) => `type __nb_type_${t} = ${t};`)];
  const globals = [...owned.values.map((v) => `  var ${v}: __nb_value_${v};`), ...owned.types.map((t) => `  type ${t} = __nb_type_${t};`)];
  return `${source}\n;export {};\n${aliases.join('\n')}\ndeclare global {\n${globals.join('\n')}\n}\n`;
}

/**
 * The declarations that make every cell's top-level names known to all
 * cells: `libs[i]` is cell i's typed module ('' when it owns no typed name)
 * and `loose` the ambient `any`s for the rest: names several cells declare,
 * names of cells that do not parse yet, and generic types. `reserved` lists
 * global names that must not be redeclared (the REST types, for example), so
 * they keep their real types.
 */
export function cellTypeLibs(sources: string[], reserved: ReadonlySet<string> = new Set()): { libs: string[]; loose: string } {
  const names = sources.map((s) => topLevelNames(s));
  // The cells that declare each name. One global type cannot be right for every reader of a
  // name that several cells declare differently, so such names are typed loosely.
  const valueCells = new Map<string, number[]>();
  const typeCells = new Map<string, number[]>();
  names.forEach((found, i) => {
    for (const v of found.values) if (!reserved.has(v)) valueCells.set(v, [...(valueCells.get(v) ?? []), i]);
    for (const t of found.types) if (!reserved.has(t)) typeCells.set(t, [...(typeCells.get(t) ?? []), i]);
  });
  const balanced = sources.map((s) => looksBalanced(s));
  const owned = sources.map(() => ({ values: [] as string[], types: [] as string[] }));
  const looseValues: string[] = [];
  const looseTypes = new Map<string, number>();
  for (const [v, cells] of valueCells) (cells.length === 1 && balanced[cells[0]!] ? owned[cells[0]!]!.values : looseValues).push(v);
  for (const [t, cells] of typeCells) {
    const arity = Math.max(...cells.map((i) => typeArity(sources[i]!, t)));
    if (cells.length === 1 && balanced[cells[0]!] && arity === 0) owned[cells[0]!]!.types.push(t);
    else looseTypes.set(t, arity);
  }
  const libs = sources.map((s, i) => (owned[i]!.values.length || owned[i]!.types.length ? typedCellLib(s, owned[i]!) : ''));
  return { libs, loose: looseDeclarations(looseValues, looseTypes) };
}
