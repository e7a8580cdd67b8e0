/**
 * What each cell declares at its top level, for the editor's type checker.
 * In the editor every cell is its own module (so top-level `await` is typed
 * correctly). Names a cell declares are made known to every cell with the
 * types TypeScript infers for them: each cell's code is also handed to the
 * checker as a module that re-declares its names globally through
 * `typeof` (cellTypeLibs). Where that cannot work (code that does not parse,
 * generic types) a name falls back to an ambient `any`, so a later cell that
 * uses it is never flagged while a misspelt name still is. The kernel itself
 * shares the real values (see kernel-transform.ts); this is only about the
 * editor's squiggles, hovers and completions.
 */

const DECLARATION = /^(?:export\s+)?(?:declare\s+)?(const|let|var)\s+(.*)$/gm;
const OTHER_VALUE = /^(?:export\s+)?(?:declare\s+)?(?:(?:async\s+)?function\s*\*?|(?:abstract\s+)?class)\s*([A-Za-z_$][\w$]*)/gm;
const TYPE = /^(?:export\s+)?(?:declare\s+)?(?:interface|type|enum|(?:abstract\s+)?class)\s+([A-Za-z_$][\w$]*)/gm;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Split at commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{<'.includes(c)) depth++;
    else if (c === '>' && text[i - 1] === '=') continue; // an arrow, not a closing angle bracket
    else if (')]}>'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    } else if (c === ';' && depth === 0) break;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Names bound by one declarator: `a = 1`, `{ a, b: c, ...d }`, `[x, , y = 2]`. */
function boundNames(declarator: string): string[] {
  const d = declarator.trim();
  if (d.startsWith('{') || d.startsWith('[')) {
    const close = d.startsWith('{') ? '}' : ']';
    const inner = d.slice(1, d.indexOf(close) < 0 ? undefined : d.lastIndexOf(close, d.indexOf('=') < 0 ? undefined : d.indexOf('=')));
    return splitTopLevel(inner)
      .map((p) => p.split('=')[0]!.split(':').pop()!.replace('...', '').trim())
      .filter((n) => IDENT.test(n));
  }
  const name = /^([A-Za-z_$][\w$]*)/.exec(d)?.[1];
  return name ? [name] : [];
}

/** Top-level names (values and types) a cell's TypeScript declares, judged from lines starting at column 0. */
export function topLevelNames(source: string): { values: string[]; types: string[] } {
  const values = new Set<string>();
  const types = new Set<string>();
  for (const m of source.matchAll(DECLARATION)) for (const part of splitTopLevel(m[2]!)) boundNames(part).forEach((n) => values.add(n));
  for (const m of source.matchAll(OTHER_VALUE)) values.add(m[1]!);
  for (const m of source.matchAll(TYPE)) types.add(m[1]!);
  return { values: [...values], types: [...types] };
}

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

/** Names declared at the top level of a global declaration file (to keep them out of cellTypeLibs). */
export function declaredGlobals(dts: string): Set<string> {
  const out = new Set<string>();
  for (const m of dts.matchAll(/^(?:declare\s+)?(?:interface|type|const|let|var|function|class|enum)\s+([A-Za-z_$][\w$]*)/gm)) out.add(m[1]!);
  return out;
}
