import type { CompileResult } from '../../../shared/notebook/compile-cell';
import CompileWorker from './compile.worker.ts?worker';

/**
 * The page's side of the compile worker: one worker per page, started on
 * first use, answering compile requests in order. Results are cached by
 * source, so running the same edit again costs nothing. Until esbuild-wasm
 * is up in the worker (seconds after a cold Edit), edits are compiled by the
 * portal's native esbuild (POST /api/notebook/compile) instead; if that
 * fails for any reason, the worker compiles as before.
 */

let worker: Worker | null = null;
let warmed: Promise<void> | null = null;
/** esbuild-wasm has answered that it is ready. */
let compilerUp = false;
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
        compilerUp = true;
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

/** The portal's compile of a cell, or null when it cannot give one (offline, refused, busy): then the worker compiles. */
async function compileOnServer(source: string, cellId: string): Promise<CompileResult | null> {
  try {
    const res = await fetch('/api/notebook/compile', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ source, cellId }),
      credentials: 'same-origin',
    });
    if (!res.ok) return null;
    const body = (await res.json()) as CompileResult | null;
    return body && typeof body.ok === 'boolean' && (body.ok ? typeof body.cell?.code === 'string' : Array.isArray(body.errors)) ? body : null;
  } catch {
    return null;
  }
}

function remember(key: string, r: CompileResult): CompileResult {
  cache.set(key, r);
  if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value!);
  return r;
}

/** Compile a cell's TypeScript for the kernel: in the worker once esbuild-wasm is up, on the portal before. */
export async function compileInWorker(source: string, cellId: string): Promise<CompileResult> {
  const key = `${cellId}\n${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!compilerUp) {
    void warmCompiler();
    const fromServer = await compileOnServer(source, cellId);
    if (fromServer) {
      performance.mark('nb:server-compile');
      return remember(key, fromServer);
    }
  }
  const id = nextId++;
  return new Promise<CompileResult>((resolve) => {
    pending.set(id, (r) => resolve(remember(key, r)));
    getWorker().postMessage({ id, source, cellId });
  });
}
