import { CELL_GLOBALS_DTS } from '../../../shared/notebook/cell-globals';
import { declaredGlobals } from '../../../shared/notebook/cell-declarations';
import { cellTypeLibs } from '../../../shared/notebook/cell-type-libs';
import { restApiTypes } from '../../../shared/rest/dts';
import type { CompileError } from '../../../shared/notebook/compile-cell';
import type { TypeIssue } from '../../../shared/notebook/run-hints';
import { monaco, ModuleKind, releaseTypeScriptWorker, ScriptTarget, typescriptDefaults } from './monaco';

export { releaseTypeScriptWorker };
import { applySiteTheme } from './theme';

/**
 * The cell editor: Monaco in TypeScript mode with the site's colours, the
 * cell helpers' types and the REST API's record types (from its OpenAPI
 * document). Each open cell is a model of one TypeScript project and its
 * own module (so top-level `await` is typed right); the names all the page's
 * cells declare are shared as loosely typed globals, as the kernel shares
 * their values.
 */

/** TypeScript diagnostics that are false alarms in a notebook. */
const IGNORED_DIAGNOSTICS = [
  1375, // top-level await outside a module (should a model ever be a script)
  1378, // top-level await needs module/target settings: same
  6133, // declared but never read: later cells may read it
];
/** TypeScript's `moduleDetection: force`: every file is a module (Monaco's enums predate the option). */
const MODULE_DETECTION_FORCE = 3;
const SHARED_LIB = 'file:///types/cells-shared.d.ts';

let configured = false;
let reserved: ReadonlySet<string> = new Set();
let sharedText = '';
/** Each cell's typed module as last handed to the checker, and the handle that withdraws it. */
const cellLibs: Array<{ text: string; handle: { dispose(): void } } | undefined> = [];

function configure(): void {
  if (configured) return;
  configured = true;
  typescriptDefaults.setCompilerOptions({
    target: ScriptTarget.ESNext,
    module: ModuleKind.ESNext,
    // Programmatic options name lib files in full (tsconfig's short names are mapped by its parser).
    lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'],
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    moduleDetection: MODULE_DETECTION_FORCE,
  });
  typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, diagnosticCodesToIgnore: IGNORED_DIAGNOSTICS });
  typescriptDefaults.setEagerModelSync(true);
  typescriptDefaults.addExtraLib(CELL_GLOBALS_DTS, 'file:///types/cell-globals.d.ts');
  // Todo, Post, Comment, User...: generated from the REST API's OpenAPI document.
  const rest = restApiTypes();
  typescriptDefaults.addExtraLib(rest, 'file:///types/rest-api.d.ts');
  reserved = new Set([...declaredGlobals(CELL_GLOBALS_DTS), ...declaredGlobals(rest)]);
  applySiteTheme(monaco);
}

function modelUri(index: number, cellId: string) {
  return monaco.Uri.parse(`file:///cells/${String(index).padStart(3, '0')}-${cellId}.ts`);
}

/** Declare every cell's top-level names to all cells, typed as inferred from their cell (only what changed is sent to the checker). */
export function shareDeclarations(sources: string[]): void {
  configure();
  const { libs, loose } = cellTypeLibs(sources, reserved);
  if (loose !== sharedText) {
    sharedText = loose;
    typescriptDefaults.addExtraLib(loose, SHARED_LIB);
  }
  for (let i = 0; i < Math.max(libs.length, cellLibs.length); i++) {
    const text = libs[i] ?? '';
    if ((cellLibs[i]?.text ?? '') === text) continue;
    cellLibs[i]?.handle.dispose();
    cellLibs[i] = text ? { text, handle: typescriptDefaults.addExtraLib(text, `file:///types/cell-${String(i).padStart(3, '0')}.ts`) } : undefined;
  }
}

export interface CellEditorOptions {
  index: number;
  cellId: string;
  value: string;
  ariaLabel: string;
  onChange(code: string): void;
  onRun(advance: boolean): void;
  onEscape(): void;
}

/** A mounted editor. */
export interface CellEditor {
  getValue(): string;
  setValue(code: string): void;
  focus(): void;
  /** Select from `start` to `end` (UTF-16 offsets; equal for a plain caret), the caret at `start` when `backward`. */
  select(start: number, end: number, backward?: boolean): void;
  showCompileErrors(errors: CompileError[]): void;
  dispose(): void;
}

/** Mount an editor for one cell into `container`. */
export async function createCellEditor(container: HTMLElement, opts: CellEditorOptions): Promise<CellEditor> {
  configure();
  const uri = modelUri(opts.index, opts.cellId);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(opts.value, 'typescript', uri);
  if (model.getValue() !== opts.value) model.setValue(opts.value);
  // Brackets keep the text colour, as in the static code (a standalone editor reads this from the model, not its own options).
  model.updateOptions({ bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
  const editor = monaco.editor.create(container, {
    model,
    ariaLabel: opts.ariaLabel,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    lineNumbers: 'on',
    lineNumbersMinChars: 3,
    folding: false,
    renderLineHighlight: 'line',
    tabSize: 2,
    wordWrap: 'on',
    fixedOverflowWidgets: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
    padding: { top: 6, bottom: 6 },
  });
  const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
  const fit = () => {
    const lines = Math.min(Math.max(model.getLineCount(), 3), 30);
    container.style.height = `${lines * lineHeight + 14}px`;
  };
  fit();
  const sub = model.onDidChangeContent(() => {
    fit();
    monaco.editor.setModelMarkers(model, 'esbuild', []);
    opts.onChange(model.getValue());
  });
  // Actions, not addCommand: Monaco binds addCommand's keys to the last editor created, page-wide.
  editor.addAction({
    id: 'nb.run-advance',
    label: 'Run cell and move to the next',
    keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter],
    run: () => opts.onRun(true),
  });
  editor.addAction({ id: 'nb.run', label: 'Run cell', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => opts.onRun(false) });
  editor.addAction({
    id: 'nb.leave',
    label: 'Leave the editor',
    keybindings: [monaco.KeyCode.Escape],
    precondition: '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !markersNavigationVisible',
    run: () => opts.onEscape(),
  });
  return {
    getValue: () => model.getValue(),
    setValue: (code) => {
      if (model.getValue() !== code) model.setValue(code);
    },
    focus: () => editor.focus(),
    select(start, end, backward = false) {
      const a = model.getPositionAt(start);
      const b = model.getPositionAt(end);
      const [anchor, head] = backward ? [b, a] : [a, b];
      editor.setSelection(new monaco.Selection(anchor.lineNumber, anchor.column, head.lineNumber, head.column));
      editor.revealPositionInCenterIfOutsideViewport(head);
    },
    showCompileErrors(errors) {
      monaco.editor.setModelMarkers(
        model,
        'esbuild',
        errors.map((e) => ({
          severity: monaco.MarkerSeverity.Error,
          message: e.message,
          startLineNumber: e.line,
          startColumn: e.column,
          endLineNumber: e.line,
          endColumn: e.column + 1,
        })),
      );
    },
    dispose() {
      sub.dispose();
      editor.dispose();
      // The model stays: other cells' types still need this cell's declarations.
    },
  };
}

/**
 * The type errors the editor shows for a cell, if its model holds `code`
 * (the code about to run); empty when it holds other text or the type
 * checker has not reported yet. Markers, not a fresh check: the warning on
 * Run repeats what the reader sees, and never waits for the type checker.
 */
export function typeErrors(index: number, cellId: string, code: string): TypeIssue[] {
  const resource = modelUri(index, cellId);
  const model = monaco.editor.getModel(resource);
  if (!model || model.getValue() !== code) return [];
  return monaco.editor
    .getModelMarkers({ resource, owner: 'typescript' })
    .filter((m) => m.severity === monaco.MarkerSeverity.Error)
    .map((m) => ({ line: m.startLineNumber, message: m.message }));
}

/** Highlight code as static HTML with Monaco's tokenizer (for a closed editor's view). */
export async function colorize(code: string): Promise<string> {
  configure();
  return monaco.editor.colorize(code, 'typescript', { tabSize: 2 });
}
