/**
 * Starting the compiler ahead of need: a pointer on its way to Edit, the
 * keyboard on it, or the click itself starts esbuild-wasm in its worker (off
 * the page's main thread). Monaco is not imported here: evaluating it holds
 * the main thread, so editor/editor-mount.ts loads it once the reader pauses, while
 * the plain editor already takes their typing.
 */

let prefetched: Promise<void> | null = null;

/** Load the compiler (and start esbuild-wasm); resolves when the compiler is ready. */
export function prefetchEditing(): Promise<void> {
  prefetched ??= (async () => {
    const { warmCompiler } = await import('./compiler/compiler-client');
    await warmCompiler();
  })().catch(() => undefined);
  return prefetched;
}
