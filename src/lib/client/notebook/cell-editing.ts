import type { CompileError } from '../../shared/notebook/compile-cell';
import { changedNotice } from './changed-notice';
import { h } from './dom';
import type { EditStore } from './edit-store';
import { prefetchEditing } from './prefetch-editing';
import { SaveStatus, type DiscardedEdit } from './save-status';
import type { TypeIssue } from '../../shared/notebook/run-hints';
import type { CellEditor } from './editor/cell-editor';
import { createPlainEditor, type PlainEditor } from './editor/plain-editor';

type EditorModule = typeof import('./editor/cell-editor');

/**
 * Editing one cell: Edit turns the code into a plain editable text area at
 * once, and Monaco (loaded on first use) takes over in place; changes are
 * saved for the reader on the server, an "edited" mark and Reset appear
 * (with "Restore my edit" after a Reset, until the next edit), and when the
 * lesson's original changed after the reader's edit the cell says so and
 * offers both versions.
 */

/** An edit the server had saved for this reader. */
export interface SavedEdit {
  code: string;
  baseHash: string;
  updatedAt: number;
  /** The edit, highlighted by the server. */
  html: string;
}

interface Options {
  original: string;
  hash: string;
  saved: SavedEdit | null;
  store: EditStore;
  index: number;
  allCode(): Array<{ id: string; code: string }>;
  editButton: HTMLButtonElement;
  resetButton: HTMLButtonElement;
  onRun(advance: boolean): void;
  onEscape(): void;
  onReset(): void;
}

/** Monaco loads once the reader pauses this long (ms) in the plain editor, or at the latest MAX_DEFER_MS after Edit. */
const QUIET_MS = 600;
const MAX_DEFER_MS = 6000;

/** Said while the plain editor stands in for Monaco. */
const PLAIN_NOTICE = 'Plain editor: colours and type checks arrive in a moment.';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The editing side of one cell: editor, saved edit, Reset and the changed-original notice. */
export class CellEditing {
  code: string;
  private editor: CellEditor | null = null;
  /** The editor chunk, once a reader opened an editor (type errors are only known then). */
  private editorModule: EditorModule | null = null;
  private readonly codeHost: HTMLElement;
  private readonly originalHtml: string;
  private readonly badge: HTMLElement;
  private readonly status: SaveStatus;
  private notice: HTMLElement | null = null;
  private baseHash: string;
  /** Set while the page itself replaces the editor's text (Reset), which is not a reader's edit. */
  private replacing = false;
  /** Tell the type checker which names the cells declare now (set once the editor module is loaded). */
  private share: () => void = () => undefined;
  private shareTimer = 0;
  /** The save line still shows PLAIN_NOTICE (nothing the reader did has replaced it). */
  private plainNotice = false;
  /** When the reader last changed the code, and whether a run they started from the plain editor is going. */
  private lastTypedAt = 0;
  private runPending = false;

  constructor(
    private readonly cell: { id: string; title: string; el: HTMLElement },
    private readonly o: Options,
  ) {
    this.code = o.saved?.code ?? o.original;
    this.baseHash = o.saved?.baseHash ?? o.hash;
    this.codeHost = cell.el.querySelector<HTMLElement>('.nb-code')!;
    this.originalHtml = this.codeHost.innerHTML;
    this.badge = cell.el.querySelector<HTMLElement>('.nb-edited')!;
    this.status = new SaveStatus((edit) => void this.restore(edit));
    this.codeHost.after(this.status.root);
    if (o.saved) {
      // Server-rendered (Shiki) HTML of the reader's own code.
      this.codeHost.innerHTML = o.saved.html;
      if (o.saved.baseHash !== o.hash) this.showChangedNotice();
    }
    this.updateMarks();
    o.editButton.addEventListener('click', () => void (this.editor ? this.close() : this.open()));
    // A pointer on its way to Edit, or the keyboard on it: start the compiler (Monaco waits for a pause; see mount).
    o.editButton.addEventListener('pointerenter', () => void prefetchEditing(), { once: true });
    o.editButton.addEventListener('focus', () => void prefetchEditing(), { once: true });
    o.resetButton.addEventListener('click', () => void this.reset());
  }

  /** Whether the cell runs the reader's code rather than the lesson's. */
  get edited(): boolean {
    return this.code !== this.o.original;
  }

  private updateMarks(): void {
    this.badge.hidden = !this.edited;
    this.o.resetButton.hidden = !this.edited;
    this.cell.el.toggleAttribute('data-edited', this.edited);
  }

  /** Open the editor (editable at once; Monaco takes over when loaded) and focus it. Resolves once Monaco is in, or has failed. */
  open(): Promise<void> {
    // mount() puts the plain editor in place synchronously, so a second call while it loads finds it there.
    if (this.editor) {
      this.editor.focus();
      return Promise.resolve();
    }
    return this.mount();
  }

  private async mount(): Promise<void> {
    // Marks for bench/lesson.mjs (and anyone profiling): where the first edit's time goes.
    performance.mark('nb:edit-click');
    const compilerReady = prefetchEditing();
    const ariaLabel = `${this.cell.title}: code editor. Escape leaves the editor; Shift+Enter runs the cell.`;
    // Editable at once: a plain text area with the code, focused, while Monaco loads.
    const plainHost = h('div', { class: 'nb-editor nb-editor-plain' });
    this.codeHost.after(plainHost);
    const plain = createPlainEditor(plainHost, {
      value: this.code,
      ariaLabel,
      onChange: (code) => this.changed(code),
      onRun: (advance) => {
        this.runPending = true;
        this.o.onRun(advance);
      },
      onEscape: this.o.onEscape,
    });
    this.editor = plain;
    this.codeHost.hidden = true;
    this.o.editButton.textContent = 'Close editor';
    this.o.editButton.setAttribute('aria-expanded', 'true');
    plain.focus();
    performance.mark('nb:can-type');
    this.status.say(PLAIN_NOTICE);
    this.plainNotice = true;
    this.lastTypedAt = performance.now();
    try {
      // Evaluating Monaco holds the page's main thread for a while (seconds on a busy machine):
      // let the reader's first keystrokes and run go through the plain editor first.
      await this.quietMoment();
      if (this.editor !== plain) return; // closed meanwhile
      this.editorModule = await import('./editor/cell-editor');
      const { createCellEditor, shareDeclarations, releaseTypeScriptWorker } = this.editorModule;
      this.share = () => shareDeclarations(this.o.allCode().map((c) => c.code));
      this.share();
      // Type checking (a 7 MB worker) starts after the reader's first run, or
      // a few seconds after the compiler is up: the first Run comes first.
      const firstRun = new Promise((r) => document.addEventListener('nb:run-end', r, { once: true }));
      const later = compilerReady.then(() => new Promise((r) => setTimeout(r, 2500)));
      void Promise.race([firstRun, later, new Promise((r) => setTimeout(r, 8000))]).then(releaseTypeScriptWorker);
      if (this.editor !== plain) return; // closed while Monaco loaded
      // Monaco is built next to the text area, hidden, then swapped in: same text, caret, selection and focus.
      const host = h('div', { class: 'nb-editor', hidden: '' });
      plainHost.after(host);
      const monacoEditor = await createCellEditor(host, {
        index: this.o.index,
        cellId: this.cell.id,
        value: plain.getValue(),
        ariaLabel,
        onChange: (code) => this.changed(code),
        onRun: this.o.onRun,
        onEscape: this.o.onEscape,
      });
      if (this.editor !== plain) {
        monacoEditor.dispose();
        host.remove();
        return;
      }
      this.handOver(plain, plainHost, monacoEditor, host);
      performance.mark('nb:editor-ready');
      // Only the loading note goes; a save state the reader's typing produced stays.
      if (this.plainNotice) this.status.say('');
      this.plainNotice = false;
    } catch (err) {
      // The plain editor stays: the reader can still edit and run.
      this.status.say(`The full editor could not load (${messageOf(err)}); the plain one works.`, true);
    }
  }

  /**
   * Resolves once the reader has not typed for QUIET_MS and no run they
   * started from the plain editor is still going (at most MAX_DEFER_MS).
   */
  private async quietMoment(): Promise<void> {
    const onRunEnd = (e: Event) => {
      if ((e as CustomEvent<{ cell?: string }>).detail?.cell === this.cell.id) this.runPending = false;
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
  private handOver(plain: PlainEditor, plainHost: HTMLElement, next: CellEditor, host: HTMLElement): void {
    const caret = plain.caret();
    this.replacing = true;
    next.setValue(plain.getValue());
    this.replacing = false;
    host.hidden = false;
    plainHost.remove();
    next.select(caret.start, caret.end, caret.backward);
    if (caret.focused) next.focus();
    plain.dispose();
    this.editor = next;
  }

  /** Close the editor, showing the (possibly edited) code highlighted. */
  async close(): Promise<void> {
    if (!this.editor) return;
    this.codeHost.innerHTML = this.edited ? await this.highlighted(this.code) : this.originalHtml;
    this.editor.dispose();
    this.editor = null;
    for (const host of this.cell.el.querySelectorAll('.nb-editor')) host.remove();
    this.codeHost.hidden = false;
    this.o.editButton.textContent = 'Edit';
    this.o.editButton.setAttribute('aria-expanded', 'false');
    this.o.editButton.focus();
  }

  private changed(code: string): void {
    if (this.replacing) return;
    this.plainNotice = false;
    this.lastTypedAt = performance.now();
    this.status.withdrawRestore();
    this.code = code;
    this.updateMarks();
    clearTimeout(this.shareTimer);
    this.shareTimer = window.setTimeout(() => this.share(), 400);
    this.o.store.schedule(this.cell.id, code, this.baseHash, this.o.original, (s, detail) => this.status.saveState(s, this.edited, detail));
  }

  /** Type errors the editor shows for the code the cell runs now (none if no editor was opened). */
  typeErrors(): TypeIssue[] {
    return this.editorModule?.typeErrors(this.o.index, this.cell.id, this.code) ?? [];
  }

  /** Show compile errors in the editor too (underlined at their line and column). */
  showCompileErrors(errors: CompileError[]): void {
    this.editor?.showCompileErrors(errors);
  }

  /** Back to the lesson's original code ("Restore my edit" undoes it until the reader edits again). */
  async reset(): Promise<void> {
    const discarded: DiscardedEdit = { code: this.code, baseHash: this.baseHash, html: this.codeHost.innerHTML };
    this.o.store.cancel(this.cell.id);
    try {
      await this.o.store.reset(this.cell.id);
    } catch (err) {
      this.status.say(messageOf(err), true);
      return;
    }
    this.code = this.o.original;
    this.baseHash = this.o.hash;
    this.o.onReset();
    await this.showCode(this.o.original, () => this.originalHtml);
    this.hideNotice();
    this.updateMarks();
    this.status.offerRestore(discarded);
    (this.editor ? this.editor : this.o.editButton).focus();
  }

  /** Replace the reader's code with code the page was given (an exercise's solution), saved as their edit. */
  async replaceCode(code: string): Promise<void> {
    this.o.store.cancel(this.cell.id);
    await this.o.store.rebase(this.cell.id, code, this.o.hash);
    this.status.withdrawRestore();
    this.hideNotice();
    this.code = code;
    this.baseHash = this.o.hash;
    const escaped = code.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
    await this.showCode(code, () => `<pre class="nb-pre" tabindex="0"><code>${escaped}</code></pre>`);
    this.updateMarks();
  }

  /** Undo the last Reset: the reader's edit comes back, saved again. */
  private async restore(d: DiscardedEdit): Promise<void> {
    try {
      await this.o.store.rebase(this.cell.id, d.code, d.baseHash);
    } catch (err) {
      this.status.say(messageOf(err), true);
      return;
    }
    this.status.withdrawRestore();
    this.code = d.code;
    this.baseHash = d.baseHash;
    // Without the editor chunk, the page still shows the highlighted edit it had before the Reset.
    await this.showCode(d.code, () => (this.editorModule ? this.highlighted(d.code) : d.html));
    if (d.baseHash !== this.o.hash && !this.notice) this.showChangedNotice();
    this.updateMarks();
    this.status.say('Your edit is back.');
    (this.editor ? this.editor : this.o.editButton).focus();
  }

  /** Put code the page chose (not the reader's typing) in the open editor, or its highlighted HTML in the page. */
  private async showCode(code: string, html: () => string | Promise<string>): Promise<void> {
    if (!this.editor) {
      this.codeHost.innerHTML = await html();
      return;
    }
    this.replacing = true;
    this.editor.setValue(code);
    this.replacing = false;
  }

  private async highlighted(code: string): Promise<string> {
    const { colorize } = await import('./editor/cell-editor');
    return `<pre class="nb-pre nb-colorized" tabindex="0">${await colorize(code)}</pre>`;
  }

  private hideNotice(): void {
    this.notice?.remove();
    this.notice = null;
  }

  private showChangedNotice(): void {
    this.notice = changedNotice(this.originalHtml, {
      keep: () => {
        void this.o.store.rebase(this.cell.id, this.code, this.o.hash).then(
          () => {
            this.baseHash = this.o.hash;
            this.hideNotice();
            this.status.say('Kept your version.');
            this.o.editButton.focus();
          },
          (err: unknown) => this.status.say(messageOf(err), true),
        );
      },
      useNew: () => void this.reset(),
    });
    this.cell.el.querySelector('.nb-head')!.after(this.notice);
  }
}
