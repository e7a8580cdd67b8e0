/**
 * Notes the page adds to a run's output to explain what a new reader would
 * otherwise have to guess: that the editor's type errors do not stop a run,
 * and that a name "is not defined" because the cell declaring it has not run.
 */

/** A type error the editor shows, at its line in the cell. */
export interface TypeIssue {
  line: number;
  message: string;
}

/** What one cell of the page declares at its top level. */
export interface CellDeclarations {
  id: string;
  title: string;
  declared: readonly string[];
}

/** Type errors spelled out in the warning; the rest are counted. */
const SHOWN_TYPE_ERRORS = 2;
/** Longest type-error message quoted (TypeScript's can run to paragraphs). */
const MAX_MESSAGE = 160;

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0]!.trim().replace(/\.$/, '');
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** The warning shown before a run whose code has type errors in the editor (they do not stop it). */
export function typeErrorWarning(issues: readonly TypeIssue[]): string {
  const n = issues.length;
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, SHOWN_TYPE_ERRORS).map((i) => `line ${i.line}: ${firstLine(i.message)}`);
  if (n > SHOWN_TYPE_ERRORS) shown.push(`${n - SHOWN_TYPE_ERRORS} more`);
  return `${n} type error${n === 1 ? '' : 's'} (${shown.join('; ')}); running anyway — TypeScript types are checked in the editor, not enforced at run time.`;
}

/** The name a `ReferenceError: X is not defined` is about (V8's wording), else null. */
export function undefinedName(error: { name: string; message: string }): string | null {
  if (error.name !== 'ReferenceError') return null;
  return /^([A-Za-z_$][\w$]*) is not defined$/.exec(error.message)?.[1] ?? null;
}

/**
 * When cell `failing` (an index into `cells`) used a name another cell of
 * the page declares, say which cell (the nearest above, else the nearest
 * below); null when no other cell declares it.
 */
export function missingNameHint(name: string, failing: number, cells: readonly CellDeclarations[]): string | null {
  for (let i = failing - 1; i >= 0; i--) {
    if (cells[i]!.declared.includes(name)) return `\`${name}\` is defined in the cell “${cells[i]!.title}” above; run it first, or use Run all.`;
  }
  for (let i = failing + 1; i < cells.length; i++) {
    if (cells[i]!.declared.includes(name)) return `\`${name}\` is defined in the cell “${cells[i]!.title}” further down; run that cell first.`;
  }
  return null;
}
