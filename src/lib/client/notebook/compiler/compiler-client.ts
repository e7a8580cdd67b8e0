import type { CompileResult } from '../../../shared/notebook/compile-cell';
import CompileWorker from './compile.worker.ts?worker';

/**
 * The page's side of the compile worker: one worker per page, started on
 * first use, answering compile requests in order. Results are cached by
 * source, so running the same edit again costs nothing.
 */

let worker: Worker | null = null;
let warmed: Promise<void> | null = null;
let onWarm: (() => void) | null = null;
let nextId = 1;
const pending = new Map<number, (r: CompileResult) => void>();
const cache = new Map<string, CompileResult>();
const MAX_CACHE = 100;

function getWorker(): Worker {
  if (!worker) {
    worker = new CompileWorker();
    worker.onmessage = (e: MessageEvent<{ id: number; result: CompileResult; ms: number } | { warmed: true }>) => {
      if ('warmed' in e.data) {
        performance.mark('nb:compiler-ready');
        onWarm?.();
        return;
      }
      performance.measure('nb:compile-in-worker', { start: performance.now() - e.data.ms, duration: e.data.ms });
      pending.get(e.data.id)?.(e.data.result);
      pending.delete(e.data.id);
    };
    worker.onerror = () => {
      for (const resolve of pending.values()) resolve({ ok: false, errors: [{ message: 'the compiler could not start', line: 1, column: 1 }] });
      pending.clear();
      onWarm?.();
      worker = null;
      warmed = null;
    };
  }
  return worker;
}

/** Start loading esbuild-wasm now (an editor is opening), so the first run does not wait for it; resolves when it is ready. */
export function warmCompiler(): Promise<void> {
  warmed ??= new Promise<void>((resolve) => {
    onWarm = resolve;
    getWorker().postMessage({ warm: true });
  });
  return warmed;
}

/** Compile a cell's TypeScript for the kernel. */
export function compileInWorker(source: string, cellId: string): Promise<CompileResult> {
  const key = `${cellId}\n${source}`;
  const hit = cache.get(key);
  if (hit) return Promise.resolve(hit);
  const id = nextId++;
  return new Promise<CompileResult>((resolve) => {
    pending.set(id, (r) => {
      cache.set(key, r);
      if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value!);
      resolve(r);
    });
    getWorker().postMessage({ id, source, cellId });
  });
}
