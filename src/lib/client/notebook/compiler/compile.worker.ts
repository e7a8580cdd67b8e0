/// <reference lib="webworker" />
import { initialize, transform } from 'esbuild-wasm/esm/browser.js';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import { compileCell, type CompileResult } from '../../../shared/notebook/compile-cell';

/**
 * Compiles edited cells with esbuild-wasm, off the page's main thread. The
 * wasm file is a hashed /_astro/ asset (served immutable), fetched and
 * instantiated once, when the first edited cell runs or an editor opens.
 */

// One small compile right after start-up pays esbuild's first-call costs
// (Go runtime start, lazily compiled wasm functions) before a reader's Run.
const ready = initialize({ wasmURL, worker: false }).then(() =>
  compileCell('const warm: number = 1;\nawait Promise.resolve(warm);', { transform: transform, cellId: 'warm-up' }),
);

interface Request {
  id: number;
  source: string;
  cellId: string;
}

self.onmessage = async (e: MessageEvent<Request | { warm: true }>) => {
  if ('warm' in e.data) {
    await ready.catch(() => undefined);
    (self as unknown as Worker).postMessage({ warmed: true });
    return;
  }
  const { id, source, cellId } = e.data;
  let result: CompileResult;
  let ms = 0;
  try {
    await ready;
    const t0 = performance.now();
    result = await compileCell(source, { transform: transform, cellId });
    ms = performance.now() - t0;
  } catch (err) {
    result = { ok: false, errors: [{ message: `the compiler failed: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 }] };
  }
  (self as unknown as Worker).postMessage({ id, result, ms });
};
