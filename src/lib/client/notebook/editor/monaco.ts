/**
 * Monaco for the cell editor: the core API, TypeScript (tokens and the
 * language service in its worker) and the editor contributions. Loaded only
 * when a reader clicks Edit: this module is the root of a lazily imported
 * chunk.
 *
 * The contributions come as Monaco's full set (internal/common/workers.js),
 * not a hand-picked few: Monaco's TypeScript mode imports that module itself
 * when the first TypeScript model appears, and contributions registered after
 * the first editor was created find their services missing (Monaco collects
 * service singletons once, at its first editor), so the second editor threw
 * "depends on UNKNOWN service ICodeLensCache". Importing them here, before any
 * editor exists, registers every contribution with its services up front; it
 * costs nothing, as the TypeScript mode would load the same code anyway.
 */
import 'monaco-editor/internal/common/workers.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';

export * as monaco from 'monaco-editor/editor/editor.api.js';
export { typescriptDefaults, ModuleKind, ScriptTarget } from 'monaco-editor/languages/features/typescript/register.js';

let releaseTs: () => void = () => undefined;
const tsGate = new Promise<void>((resolve) => (releaseTs = resolve));

/**
 * Let the TypeScript language worker start. It is held back until the
 * compiler is ready: both are big, and on a small machine the reader's first
 * Run (esbuild-wasm) matters more than the first squiggle (TypeScript).
 */
export function releaseTypeScriptWorker(): void {
  releaseTs();
}

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker | Promise<Worker> {
    return label === 'typescript' || label === 'javascript' ? tsGate.then(() => new TsWorker()) : new EditorWorker();
  },
};
