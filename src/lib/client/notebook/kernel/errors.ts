import { originalLine } from '../../../shared/notebook/source-map-lines';
import type { KernelError } from '../../../shared/notebook/protocol';
import { scriptFor } from './kernel-state';

/**
 * Errors as readers should see them: the message, and stack frames that
 * point into cells rewritten as "cell 'id' line N" of the code they wrote.
 * Frames inside the kernel itself are left out, and so are the kernel's
 * names for a cell's own function (`self.__nbCells.r1`): they would only
 * confuse.
 */

const FRAME = /^\s*at\s+(?:(.*?)\s+\()?(blob:[^\s)]+?|[a-z]+:\/\/[^\s)]+?):(\d+):(\d+)\)?\s*$/;

/**
 * The function name a reader wrote, or null for the cell's own body (V8
 * names that after where the kernel stores it, or not at all).
 */
function readerFunctionName(fn: string | undefined): string | null {
  // "async f" marks a frame resumed after an await; "Object.f" a function called through the shared scope.
  const name = (fn ?? '').replace(/^async\s+/, '').replace(/^Object\./, '');
  if (!name || name === 'async function' || name === 'eval' || name === '<anonymous>' || name.includes('__nb')) return null;
  return name;
}

/** Map one error (or thrown value) to a KernelError; `cellId` is the cell whose run threw. */
export function toKernelError(err: unknown, cellId: string | null): KernelError {
  if (!(err instanceof Error)) {
    let text: string;
    try {
      text = typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
    } catch {
      text = String(err);
    }
    return { name: 'Uncaught', message: text, line: null, frames: [] };
  }
  const frames: string[] = [];
  let line: number | null = null;
  for (const raw of (err.stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(raw);
    if (!m) continue;
    const [, fn, url, genLine] = m;
    const script = scriptFor(url!);
    if (!script) continue; // a kernel frame
    const l = originalLine(script.lines, Number(genLine));
    const where = `cell '${script.cellId}' line ${l}`;
    const name = readerFunctionName(fn);
    frames.push(name ? `at ${name} (${where})` : `at ${where}`);
    if (line === null && script.cellId === cellId) line = l;
  }
  return { name: err.name || 'Error', message: err.message, line, frames };
}
