import { h } from '../dom';
import type { CellEditor } from './cell-editor';
import { createPlainEditor, type PlainEditor } from './plain-editor';

/** The Monaco chunk (editor, type checker, colouring). */
export type EditorModule = typeof import('./cell-editor');

/** Monaco loads once the reader pauses this long (ms) in the plain editor, or at the latest MAX_DEFER_MS after Edit. */
const QUIET_MS = 600;
const MAX_DEFER_MS = 6000;

/** What the editor of one cell needs from the cell. */
export interface MountOptions {
  cellId: string;
  index: number;
  ariaLabel: string;
  /** The plain editor goes right after this element. */
  after: HTMLElement;
  value: string;
  /** Called once the Monaco chunk is in, before Monaco is built (the cell tells the type checker its declarations). */
  loaded(module: EditorModule): void;
  onChange(code: string): void;
  onRun(advance: boolean): void;
  onEscape(): void;
}

/**
 * The hand-over from a plain text area to Monaco in one cell. The plain
 * editor is in place (editable) as soon as this is constructed; `upgrade()`
 * waits for the reader to pause, loads Monaco, builds it hidden next to the
 * text area and swaps it in with the same text, caret, selection and focus.
 * Evaluating Monaco holds the main thread for a while (seconds on a busy
 * machine), so the reader's first keystrokes and run go through the plain
 * editor first.
 */
export class EditorMount {
  /** The editor the reader types into until Monaco takes over. */
  readonly plain: PlainEditor;
  private readonly plainHost: HTMLElement;
  private lastTypedAt = performance.now();
  /** A run the reader started from the plain editor is still going. */
  private runPending = false;
  /** Set while Monaco receives the plain editor's text, which is not a reader's edit. */
  private handingOver = false;

  constructor(private readonly o: MountOptions) {
    this.plainHost = h('div', { class: 'nb-editor nb-editor-plain' });
    o.after.after(this.plainHost);
    this.plain = createPlainEditor(this.plainHost, {
      value: o.value,
      ariaLabel: o.ariaLabel,
      onChange: o.onChange,
      onRun: (advance) => {
        this.runPending = true;
        o.onRun(advance);
      },
      onEscape: o.onEscape,
    });
  }

  /** The reader changed the code: Monaco waits for the next pause. */
  noteTyping(): void {
    this.lastTypedAt = performance.now();
  }

  /**
   * Load Monaco and swap it in for the plain editor. Resolves with Monaco,
   * or null when `stillWanted()` turned false meanwhile (the editor was
   * closed); rejects when Monaco could not load (the plain editor stays).
   */
  async upgrade(compilerReady: Promise<unknown>, stillWanted: () => boolean): Promise<CellEditor | null> {
    await this.quietMoment();
    if (!stillWanted()) return null;
    const module = await import('./cell-editor');
    this.o.loaded(module);
    releaseTypeCheckerLater(module, compilerReady);
    if (!stillWanted()) return null;
    const host = h('div', { class: 'nb-editor', hidden: '' });
    this.plainHost.after(host);
    const monaco = await module.createCellEditor(host, {
      index: this.o.index,
      cellId: this.o.cellId,
      value: this.plain.getValue(),
      ariaLabel: this.o.ariaLabel,
      onChange: (code) => {
        if (!this.handingOver) this.o.onChange(code);
      },
      onRun: this.o.onRun,
      onEscape: this.o.onEscape,
    });
    if (!stillWanted()) {
      monaco.dispose();
      host.remove();
      return null;
    }
    this.handOver(monaco, host);
    return monaco;
  }

  /**
   * Resolves once the reader has not typed for QUIET_MS and no run they
   * started from the plain editor is still going (at most MAX_DEFER_MS).
   */
  private async quietMoment(): Promise<void> {
    const onRunEnd = (e: Event) => {
      if ((e as CustomEvent<{ cell?: string }>).detail?.cell === this.o.cellId) this.runPending = false;
    };
    document.addEventListener('nb:run-end', onRunEnd);
    const start = performance.now();
    try {
      while (performance.now() - start < MAX_DEFER_MS && (this.runPending || performance.now() - this.lastTypedAt < QUIET_MS)) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      document.removeEventListener('nb:run-end', onRunEnd);
      this.runPending = false;
    }
  }

  /** Swap Monaco in for the plain editor where it stands, with the reader's text, caret, selection and focus. */
  private handOver(next: CellEditor, host: HTMLElement): void {
    const caret = this.plain.caret();
    this.handingOver = true;
    next.setValue(this.plain.getValue());
    this.handingOver = false;
    host.hidden = false;
    this.plainHost.remove();
    next.select(caret.start, caret.end, caret.backward);
    if (caret.focused) next.focus();
    this.plain.dispose();
  }
}

/**
 * Type checking (a 7 MB worker) starts after the reader's first run, or a
 * few seconds after the compiler is up: the first Run comes first.
 */
function releaseTypeCheckerLater(module: EditorModule, compilerReady: Promise<unknown>): void {
  const firstRun = new Promise((r) => document.addEventListener('nb:run-end', r, { once: true }));
  const later = compilerReady.then(() => new Promise((r) => setTimeout(r, 2500)));
  void Promise.race([firstRun, later, new Promise((r) => setTimeout(r, 8000))]).then(module.releaseTypeScriptWorker);
}
