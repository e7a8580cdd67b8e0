import { KernelTransformError, toKernelBody } from './kernel-transform';
import { lineTableFromMappings } from './source-map-lines';

/**
 * The compile step shared by the build (Node's esbuild, in the remark plugin)
 * and the browser (esbuild-wasm, in a Web Worker, for edited cells):
 * TypeScript -> JavaScript -> a kernel function whose errors map back to the
 * cell's own lines.
 */

/** The subset of esbuild's `transform` this module needs (native and wasm builds share it). */
export type TransformFn = (
  input: string,
  options: {
    loader: 'ts';
    format: 'esm';
    target: string;
    sourcemap: 'external';
    sourcefile: string;
    logLevel: 'silent';
    tsconfigRaw: { compilerOptions: Record<string, unknown> };
  },
) => Promise<{ code: string; map: string }>;

/** A compiled cell: the kernel function's source and how to map its lines back. */
export interface CompiledCell {
  /** `async function (...) { ... }`: see KERNEL_PARAMS for its parameters. */
  code: string;
  /** Original (TypeScript) line for each line of `code` (index 0 = line 1). */
  lines: number[];
  /** Top-level names the cell declares. */
  declared: string[];
}

/** A compile error, positioned in the TypeScript the author wrote. */
export interface CompileError {
  message: string;
  line: number;
  column: number;
}

export type CompileResult = { ok: true; cell: CompiledCell } | { ok: false; errors: CompileError[] };

/** Largest cell source accepted, in characters. */
export const MAX_CELL_SOURCE = 64 * 1024;

/**
 * Parameters of every kernel function, in order. They shadow the worker's
 * globals with per-run versions (so the kernel can tell which cell a request
 * or a log line belongs to); the shared scope object comes first.
 */
export const KERNEL_PARAMS = [
  '__nbScope',
  'console',
  'display',
  'fetch',
  'WebSocket',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'sleep',
  'assert',
  'portal',
] as const;

interface EsbuildFailure {
  errors?: Array<{ text: string; location?: { line: number; column: number } | null }>;
  message?: string;
}

/** Compile one cell's TypeScript; never throws for bad input, returns errors instead. */
export async function compileCell(source: string, opts: { transform: TransformFn; cellId: string }): Promise<CompileResult> {
  if (source.length > MAX_CELL_SOURCE) {
    return { ok: false, errors: [{ message: `the cell is longer than ${MAX_CELL_SOURCE} characters`, line: 1, column: 1 }] };
  }
  let js: { code: string; map: string };
  try {
    js = await opts.transform(source, {
      loader: 'ts',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: `${opts.cellId}.ts`,
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    });
  } catch (err) {
    const f = err as EsbuildFailure;
    const errors = (f.errors ?? []).map((e) => ({
      message: e.text,
      line: e.location?.line ?? 1,
      // esbuild columns are 0-based; editors count from 1.
      column: (e.location?.column ?? 0) + 1,
    }));
    return { ok: false, errors: errors.length ? errors : [{ message: f.message ?? String(err), line: 1, column: 1 }] };
  }
  const generatedLines = js.code.split('\n').length;
  let table: number[];
  try {
    table = lineTableFromMappings((JSON.parse(js.map) as { mappings: string }).mappings, generatedLines);
  } catch {
    table = Array.from({ length: generatedLines }, (_, i) => i + 1);
  }
  let kernel;
  try {
    kernel = toKernelBody(js.code);
  } catch (err) {
    if (err instanceof KernelTransformError) {
      const line = table[Math.min(err.line, table.length) - 1] ?? err.line;
      return { ok: false, errors: [{ message: err.message, line, column: 1 }] };
    }
    throw err;
  }
  const prelude = kernel.hoisted.map((n) => `__nbScope.${n}=${n};`).join('');
  // The header and the prelude share line 1 with the body, so lines stay aligned.
  const code = `async function(${KERNEL_PARAMS.join(',')}){with(__nbScope){${prelude}${kernel.body}\n}}`;
  return { ok: true, cell: { code, lines: [...table, table[table.length - 1] ?? 1], declared: kernel.declared } };
}
