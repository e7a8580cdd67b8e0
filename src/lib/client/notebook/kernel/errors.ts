import { originalLine } from '../../../shared/notebook/source-map-lines';
import type { KernelError } from '../../../shared/notebook/protocol';
import { scriptFor } from './kernel-state';

/**
 * Errors as readers should see them: the message, and stack frames that
 * point into cells rewritten as "cell <id>, line N" of the code they wrote.
 * Frames inside the kernel itself are left out; they would only confuse.
 */

const FRAME = /^\s*at\s+(?:(.*?)\s+\()?(blob:[^\s)]+?|[a-z]+:\/\/[^\s)]+?):(\d+):(\d+)\)?\s*$/;

/** Map one error (or thrown value) to a KernelError; `cellId` is the cell whose run threw. */
export function toKernelError(err: unknown, cellId: string | null): KernelError {
  if (!(err instanceof Error)) {
    let text: string;
    try {
      text = typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
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
    // Frames of the kernel function wrapper itself are anonymous; name the cell instead.
    const where = `cell ${script.cellId}, line ${l}`;
    frames.push(fn && fn !== 'async function' && !fn.startsWith('Object.') && fn !== 'eval' ? `at ${fn} (${where})` : `at ${where}`);
    if (line === null && script.cellId === cellId) line = l;
  }
  return { name: err.name || 'Error', message: err.message, line, frames };
}
