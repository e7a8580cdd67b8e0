/**
 * Fetching the editing parts ahead of need: a pointer on its way to Edit (or
 * the click itself) starts loading the editor chunk and the compiler, so the
 * first edited Run does not wait for them one after the other.
 */

let prefetched: Promise<void> | null = null;

/** Load the compiler (and start esbuild-wasm) and the editor chunk; resolves when the compiler is ready. */
export function prefetchEditing(): Promise<void> {
  prefetched ??= (async () => {
    void import('./editor/cell-editor').catch(() => undefined);
    const { warmCompiler } = await import('./compiler/compiler-client');
    await warmCompiler();
  })().catch(() => undefined);
  return prefetched;
}
