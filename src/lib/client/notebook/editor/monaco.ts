/**
 * The parts of Monaco the cell editor needs before it opens: the core API,
 * TypeScript (tokens and the language service in its worker) and the
 * contributions a reader needs (hover for type errors, completion, find,
 * comments, brackets, parameter hints); the rest of Monaco's contributions
 * arrive later with its TypeScript mode (see below). Loaded only when a
 * reader clicks Edit: this module is the root of a lazily imported chunk.
 */
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/editor/browser/coreCommands.js';
// Monaco's TypeScript mode, loaded when the first model appears, imports
// Monaco's full set of contributions, and Monaco reads the registered
// services once, when the first editor is created: the services of those
// late contributions must be registered before that, or every later editor
// fails with "depends on UNKNOWN service ICodeLensCache" (tests/unit/notebook/
// monaco-services.test.ts checks this list against the installed Monaco).
import 'monaco-editor/editor/contrib/codelens/browser/codeLensCache.js';
import 'monaco-editor/editor/common/services/treeViewsDndService.js';
import 'monaco-editor/editor/contrib/documentSymbols/browser/outlineModel.js';
// The icon font's CSS is not reachable through the package's exports map.
import '../../../../../node_modules/monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
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
