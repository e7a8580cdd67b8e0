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
function looseDeclarations(values: Iterable<string>, types: Iterable<string>): string {
  const lines = ["// Names the page's cells declare that the checker cannot type from their cell (typed loosely)."];
  for (const n of [...values].sort()) lines.push(`declare var ${n}: any;`);
  for (const n of [...types].sort()) lines.push(`type ${n} = any;`);
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
      else if (c === '`') (stack.pop(), i++);
      else if (c === '$' && source[i + 1] === '{') (stack.push('${'), (i += 2));
      else i++;
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
    } else if (c === '`') (stack.push('`'), i++);
    else if (c === '(' || c === '[' || c === '{') (stack.push(c), i++);
    else if (c === '}' && stack.at(-1) === '${') (stack.pop(), i++);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== pairs[c]) return false;
      i++;
    } else i++;
  }
  return stack.length === 0;
}

/** Whether `source` declares `name` as a generic type (`type N<T>`, `interface N<T>`, `class N<T>`), which an alias cannot re-export without its parameters. */
function isGenericType(source: string, name: string): boolean {
  return new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:interface|type|(?:abstract\\s+)?class)\\s+${name.replace(/\$/g, '\\$')}\\s*<`, 'm').test(source);
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
 * and `loose` the ambient `any`s for the rest. A name redeclared by several
 * cells belongs to the last of them, as the kernel holds the last value after
 * Run all. `reserved` lists global names that must not be redeclared (the
 * REST types, for example), so they keep their real types.
 */
export function cellTypeLibs(sources: string[], reserved: ReadonlySet<string> = new Set()): { libs: string[]; loose: string } {
  const names = sources.map((s) => topLevelNames(s));
  const valueOwner = new Map<string, number>();
  const typeOwner = new Map<string, number>();
  names.forEach((found, i) => {
    for (const v of found.values) if (!reserved.has(v)) valueOwner.set(v, i);
    for (const t of found.types) if (!reserved.has(t)) typeOwner.set(t, i);
  });
  const balanced = sources.map((s) => looksBalanced(s));
  const owned = sources.map(() => ({ values: [] as string[], types: [] as string[] }));
  const looseValues: string[] = [];
  const looseTypes: string[] = [];
  for (const [v, i] of valueOwner) (balanced[i] ? owned[i]!.values : looseValues).push(v);
  for (const [t, i] of typeOwner) (balanced[i] && !isGenericType(sources[i]!, t) ? owned[i]!.types : looseTypes).push(t);
  const libs = sources.map((s, i) => (owned[i]!.values.length || owned[i]!.types.length ? typedCellLib(s, owned[i]!) : ''));
  return { libs, loose: looseDeclarations(looseValues, looseTypes) };
}

