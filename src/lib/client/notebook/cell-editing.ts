import type { CompileError } from '../../shared/notebook/compile-cell';
import { changedNotice } from './changed-notice';
import type { EditStore } from './edit-store';
import { prefetchEditing } from './prefetch-editing';
import { SaveStatus, type DiscardedEdit } from './save-status';
import type { TypeIssue } from '../../shared/notebook/run-hints';
import type { CellEditor } from './editor/cell-editor';
import { EditorMount, type EditorModule } from './editor/editor-mount';

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
  /** The plain editor's hand-over to Monaco while it is under way. */
  private mounting: EditorMount | null = null;

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
    // Editable at once: a plain text area with the code, focused, while Monaco loads.
    const mount = new EditorMount({
      cellId: this.cell.id,
      index: this.o.index,
      ariaLabel: `${this.cell.title}: code editor. Escape leaves the editor; Shift+Enter runs the cell.`,
      after: this.codeHost,
      value: this.code,
      loaded: (module) => {
        this.editorModule = module;
        this.share = () => module.shareDeclarations(this.o.allCode().map((c) => c.code));
        this.share();
      },
      onChange: (code) => this.changed(code),
      onRun: this.o.onRun,
      onEscape: this.o.onEscape,
    });
    const plain = mount.plain;
    this.mounting = mount;
    this.editor = plain;
    this.codeHost.hidden = true;
    this.o.editButton.textContent = 'Close editor';
    this.o.editButton.setAttribute('aria-expanded', 'true');
    plain.focus();
    performance.mark('nb:can-type');
    this.status.say(PLAIN_NOTICE);
    this.plainNotice = true;
    try {
      const monaco = await mount.upgrade(compilerReady, () => this.editor === plain);
      if (!monaco) return; // closed meanwhile
      this.editor = monaco;
      performance.mark('nb:editor-ready');
      // Only the loading note goes; a save state the reader's typing produced stays.
      if (this.plainNotice) this.status.say('');
      this.plainNotice = false;
    } catch (err) {
      // The plain editor stays: the reader can still edit and run.
      this.status.say(`The full editor could not load (${messageOf(err)}); the plain one works.`, true);
    } finally {
      if (this.mounting === mount) this.mounting = null;
    }
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
    this.mounting?.noteTyping();
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
