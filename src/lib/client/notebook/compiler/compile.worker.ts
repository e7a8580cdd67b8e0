/// <reference lib="webworker" />
import { initialize, transform } from 'esbuild-wasm/esm/browser.js';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import { compileCell, type CompileResult, type TransformFn } from '../../../shared/notebook/compile-cell';

/**
 * Compiles edited cells with esbuild-wasm, off the page's main thread. The
 * wasm file is a hashed /_astro/ asset (served immutable), fetched and
 * instantiated once, when the first edited cell runs or an editor opens.
 */

const ready = initialize({ wasmURL, worker: false });

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
  try {
    await ready;
    result = await compileCell(source, { transform: transform as unknown as TransformFn, cellId });
  } catch (err) {
    result = { ok: false, errors: [{ message: `the compiler failed: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 }] };
  }
  (self as unknown as Worker).postMessage({ id, result });
};
