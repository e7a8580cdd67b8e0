import type { CompiledCell } from '../../shared/notebook/compile-cell';
import { topLevelNames } from '../../shared/notebook/cell-declarations';
import { formatMs } from '../../shared/notebook/format';
import { missingNameHint, typeErrorWarning, undefinedName, type CellDeclarations } from '../../shared/notebook/run-hints';
import { CellEditing, type SavedEdit } from './cell-editing';
import type { EditStore } from './edit-store';
import type { Kernel, RunEnd } from './kernel-client';
import { NetworkView } from './network-view';
import { OutputView } from './output-view';
import type { RunOutcome, RunQueue } from './run-queue';
import { wireTabs } from './tabs';

/**
 * One cell on the page: its toolbar, output and network panel, and running
 * it (build-time JavaScript for the original, esbuild-wasm for an edit).
 * Editing, saving and resetting live in CellEditing.
 */

export interface CellContext {
  index: number;
  lesson: string;
  kernel: Kernel;
  queue: RunQueue;
  store: EditStore;
  /** Every cell's current code, in page order (the editor types cells against each other). */
  allCode(): Array<{ id: string; code: string }>;
  /** What every cell of the page declares, in page order (to explain "X is not defined"). */
  declarations(): CellDeclarations[];
  /** Move on after Shift+Enter. */
  advance(from: CellController): void;
}

type CellState = 'idle' | 'queued' | 'running' | 'done' | 'failed' | 'stopped';

/** One cell on the page: toolbar, output, network panel and running it. */
export class CellController {
  readonly id: string;
  readonly title: string;
  readonly el: HTMLElement;
  readonly output: OutputView;
  readonly network: NetworkView;
  readonly editing: CellEditing;
  private readonly compiled: CompiledCell & { source: string };
  private readonly timeoutMs: number;
  private readonly buttons: Record<'run' | 'stop' | 'edit' | 'reset' | 'clear', HTMLButtonElement>;
  private runId: number | null = null;
  /** The reader's edit as last compiled, with the names it declares. */
  private compiledEdit: { source: string; declared: string[] } | null = null;
  private stopRequested = false;

  constructor(
    el: HTMLElement,
    private readonly ctx: CellContext,
    saved: SavedEdit | null,
  ) {
    this.el = el;
    this.id = el.dataset.cell!;
    this.title = el.querySelector('.nb-title')?.textContent ?? `Cell ${this.id}`;
    this.timeoutMs = Number(el.dataset.timeout ?? '30') * 1000;
    this.compiled = JSON.parse(el.querySelector('.nb-compiled')!.textContent) as CompiledCell & { source: string };
    const b = (a: string) => el.querySelector<HTMLButtonElement>(`[data-action="${a}"]`)!;
    this.buttons = { run: b('run'), stop: b('stop'), edit: b('edit'), reset: b('reset'), clear: b('clear') };
    this.output = new OutputView(this.title);
    this.network = new NetworkView(this.title, location.origin);
    el.append(this.output.root, this.network.root);
    // Only the TypeScript runs here: on the Python tab, Run says so and Edit
    // goes back to the TypeScript (registered before CellEditing's own click
    // handler, so the editor opens in a visible panel).
    const tabs = wireTabs(el, (lang) => {
      this.buttons.run.textContent = lang === 'py' ? 'Run TypeScript' : 'Run';
      this.buttons.run.title = lang === 'py' ? 'Runs the TypeScript version in this page; the Python is for you to run yourself' : '';
    });
    this.buttons.edit.addEventListener('click', () => tabs.show('ts'));
    this.buttons.run.addEventListener('click', () => tabs.show('ts'));
    this.editing = new CellEditing(this, {
      original: this.compiled.source,
      hash: el.dataset.hash!,
      saved,
      store: ctx.store,
      index: ctx.index,
      allCode: ctx.allCode,
      editButton: this.buttons.edit,
      resetButton: this.buttons.reset,
      onRun: (advance) => void this.runFromKeyboard(advance),
      onEscape: () => this.buttons.run.focus(),
      onReset: () => ctx.kernel.cancelCell(this.id),
    });
    this.buttons.run.addEventListener('click', () => void this.run());
    this.buttons.stop.addEventListener('click', () => this.stop());
    this.buttons.clear.addEventListener('click', () => this.clear());
    el.querySelector<HTMLElement>('.nb-toolbar')!.hidden = false;
  }

  /** The code the cell runs now (the reader's edit, or the original). */
  get code(): string {
    return this.editing.code;
  }

  /** Queue the cell to run; resolves when it has. */
  run(): Promise<RunOutcome> {
    return this.ctx.queue.enqueue(this);
  }

  /** Run, then (Shift+Enter) move to the next cell. */
  async runFromKeyboard(advance: boolean): Promise<void> {
    const done = this.run();
    if (advance) this.ctx.advance(this);
    await done;
  }

  /** Put focus on the cell's Run button and bring it into view. */
  focus(): void {
    this.buttons.run.focus();
    this.el.scrollIntoView({ block: 'nearest' });
  }

  /** Stop a queued or running run. */
  stop(): void {
    if (this.ctx.queue.remove(this)) return;
    this.stopRequested = true;
    if (this.runId !== null) this.ctx.kernel.stop(this.runId, 'stopped');
  }

  /** Remove output and network records. */
  clear(): void {
    this.output.clear();
    this.network.clear();
    this.buttons.clear.hidden = true;
  }

  /** The kernel restarted: what this cell showed no longer reflects the kernel. */
  forget(): void {
    if (this.el.dataset.state !== 'running') this.setState('idle');
  }

  /** Show that the cell waits behind others in the queue (or no longer does). */
  markQueued(queued: boolean): void {
    if (queued) {
      this.setState('queued');
      this.output.setStatus('Waiting for the cells before it…', 'info');
    } else if (this.el.dataset.state === 'queued') {
      this.setState('idle');
      this.output.setStatus('Not run.', 'info');
    }
  }

  /** Run all stopped before reaching this cell: say why instead of leaving it blank. */
  markSkipped(reason: string): void {
    if (this.el.dataset.state === 'running' || this.el.dataset.state === 'queued') return;
    this.setState('idle');
    this.output.setStatus(`Not run: ${reason}`, 'info');
  }

  private setState(state: CellState): void {
    this.el.dataset.state = state;
    const busy = state === 'running' || state === 'queued';
    this.buttons.stop.hidden = !busy;
    this.buttons.clear.hidden = this.output.empty && !busy;
    this.el.setAttribute('aria-busy', String(state === 'running'));
  }

  /** The top-level names the cell's current code declares (exact once compiled, else read from the source). */
  declaredNames(): readonly string[] {
    const code = this.code;
    if (code === this.compiled.source) return this.compiled.declared;
    if (this.compiledEdit?.source === code) return this.compiledEdit.declared;
    return topLevelNames(code).values;
  }

  /** Run the cell now (called by the queue). */
  async execute(): Promise<RunOutcome> {
    this.stopRequested = false;
    // What the last run left behind ends now, before the new output starts.
    this.ctx.kernel.cancelCell(this.id);
    this.output.clear();
    this.network.clear();
    this.setState('running');
    let cell: CompiledCell = this.compiled;
    const code = this.code;
    if (code !== this.compiled.source) {
      this.output.setStatus('Compiling your edit…', 'busy');
      performance.mark('nb:compile-start');
      const { compileInWorker } = await import('./compiler/compiler-client');
      const result = await compileInWorker(code, this.id);
      performance.mark('nb:compile-end');
      if (!result.ok) {
        this.output.compileErrors(result.errors);
        this.editing.showCompileErrors(result.errors);
        this.output.setStatus('Your edit does not compile; nothing ran.', 'error');
        this.setState('failed');
        return 'error';
      }
      cell = result.cell;
      this.compiledEdit = { source: code, declared: result.cell.declared };
    }
    // Types are stripped, not checked, when a cell runs: say so when the editor shows type errors.
    const typeIssues = this.editing.typeErrors();
    if (typeIssues.length) this.output.warning('Type check', typeErrorWarning(typeIssues));
    if (this.stopRequested) {
      this.output.setStatus('Stopped before it ran.', 'warn');
      this.setState('stopped');
      return 'cancelled';
    }
    this.output.setStatus('Running…', 'busy');
    let timer = 0;
    let end: RunEnd;
    try {
      end = await this.ctx.kernel.run(
        this.id,
        cell,
        { onOutput: (e) => this.output.append(e), onNetwork: (r) => this.network.update(r) },
        (runId) => {
          this.runId = runId;
          if (this.stopRequested) this.ctx.kernel.stop(runId, 'stopped');
          timer = window.setTimeout(() => this.ctx.kernel.stop(runId, 'timeout'), this.timeoutMs);
        },
      );
    } catch (err) {
      // The kernel did not start (offline, logged out, refused a token).
      this.output.append([
        { kind: 'notice', text: `The kernel could not start: ${err instanceof Error ? err.message : String(err)}. Reload the page to try again.` },
      ]);
      this.output.setStatus('Not run.', 'error');
      this.setState('failed');
      return 'error';
    }
    clearTimeout(timer);
    this.runId = null;
    return this.finish(end);
  }

  private finish(end: RunEnd): RunOutcome {
    document.dispatchEvent(new CustomEvent('nb:run-end', { detail: { cell: this.id, kind: end.kind } }));
    const took = formatMs(end.ms);
    switch (end.kind) {
      case 'done':
        this.output.setStatus(`Done in ${took}.`, 'ok');
        this.setState('done');
        return 'ok';
      case 'failed': {
        this.output.error(end.error);
        const name = undefinedName(end.error);
        const hint = name && missingNameHint(name, this.ctx.index, this.ctx.declarations());
        if (hint) this.output.hint(hint);
        // The status line is what a reader scans first, so it carries the message too (shortened; the output has it whole).
        const message = end.error.message.length > 100 ? `${end.error.message.slice(0, 99)}…` : end.error.message;
        this.output.setStatus(
          `Failed after ${took}${end.error.line !== null ? ` at line ${end.error.line}` : ''}: ${end.error.name}${message ? `: ${message}` : '.'}`,
          'error',
        );
        this.setState('failed');
        return 'error';
      }
      case 'stopped':
        this.output.setStatus(
          end.reason === 'timeout'
            ? `Timed out after ${formatMs(this.timeoutMs)}; its requests, sockets and timers were stopped.`
            : `Stopped after ${took}.`,
          'warn',
        );
        this.setState('stopped');
        return 'error';
      case 'killed': {
        const why =
          end.reason === 'restart'
            ? 'The kernel was restarted while this cell ran.'
            : `${end.reason === 'timeout' ? `Timed out after ${formatMs(this.timeoutMs)}` : 'Stopped'}: the cell kept the kernel busy (an endless loop?), so the kernel was restarted. Variables from earlier cells are gone; run them again.`;
        this.output.append([{ kind: 'notice', text: why }]);
        this.output.setStatus(end.reason === 'timeout' ? 'Timed out; kernel restarted.' : 'Stopped; kernel restarted.', 'warn');
        this.setState('stopped');
        return 'error';
      }
    }
  }
}
