/**
 * What each cell declares at its top level: the names the editor's checker
 * shares between cells (cell-type-libs.ts, loaded with the editor) and the
 * run hints point at ("X is declared in the cell ... above").
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
    else if (c === '>' && text[i - 1] === '=')
      continue; // an arrow, not a closing angle bracket
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

/** Names declared at the top level of a global declaration file (to keep them out of cellTypeLibs). */
export function declaredGlobals(dts: string): Set<string> {
  const out = new Set<string>();
  for (const m of dts.matchAll(/^(?:declare\s+)?(?:interface|type|const|let|var|function|class|enum)\s+([A-Za-z_$][\w$]*)/gm)) out.add(m[1]!);
  return out;
}
