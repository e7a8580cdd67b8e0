import { transform } from 'esbuild';
import { compileCell, type CompileResult } from '../../shared/notebook/compile-cell';

/**
 * Compiling an edited cell on the server with native esbuild, for the first
 * runs after a cold Edit: esbuild-wasm needs seconds to download and start in
 * the browser, native esbuild answers in milliseconds. It is the same
 * compileCell (same esbuild version, same options) the browser's worker
 * runs, so the kernel gets the same cell either way.
 *
 * Only esbuild's `transform` is used: one string in, one string out. No
 * bundling, no plugins, no file system, no resolution of imports; the
 * source is capped by compileCell (MAX_CELL_SOURCE) and the endpoint caps
 * the body and rate-limits the caller. At most MAX_IN_FLIGHT compiles run at
 * once per process; more get a 503 so that a burst cannot queue up work.
 */

const MAX_IN_FLIGHT = 8;
let inFlight = 0;

/** The compiler is busy with other callers' work right now. */
export class CompilerBusyError extends Error {}

/** Compile one cell's TypeScript for the kernel (errors come back in the result, never thrown). */
export async function compileOnServer(source: string, cellId: string): Promise<CompileResult> {
  if (inFlight >= MAX_IN_FLIGHT) throw new CompilerBusyError('The server is compiling too much at once; the page compiles it itself.');
  inFlight++;
  try {
    return await compileCell(source, { transform: transform, cellId });
  } finally {
    inFlight--;
  }
}

let warmed: Promise<unknown> | null = null;

/**
 * Start esbuild's service process (its first call costs a few hundred ms on
 * a busy machine) ahead of the first edit. Called when a lesson page mints
 * its token, i.e. when someone is reading a lesson; once per process.
 */
export function warmServerCompiler(): void {
  warmed ??= transform('', { loader: 'ts' }).catch(() => {
    warmed = null; // try again next time
  });
}
