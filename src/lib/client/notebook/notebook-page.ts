import { hostUrl, runtimeUrl } from 'virtual:notebook-kernel';
import { CellController } from './cell';
import type { SavedEdit } from './cell-editing';
import { EditStore } from './edit-store';
import type { ExerciseSaved } from './exercise/exercise';
import { wireExercises } from './exercise/wire';
import { Kernel } from './kernel-client';
import { wireMarkDone } from './mark-done';
import { RunQueue } from './run-queue';

/**
 * The lesson page's script: finds the cells, starts the kernel (soon after
 * load, so the first Run is quick), and wires Run all, Restart, autorun
 * cells and the keyboard (Shift+Enter runs and moves on, Ctrl/Cmd+Enter runs
 * in place). Heavy parts (editor, compiler) load only when used.
 */

interface PageData {
  lesson: string;
  edits: Record<string, SavedEdit>;
  exercises?: Record<string, ExerciseSaved>;
}

const KERNEL_LABEL = { starting: 'starting…', ready: 'ready', busy: 'running', failed: 'failed' } as const;

/** Start the notebook on this page. */
export function startNotebook(): void {
  wireMarkDone();
  const cellEls = [...document.querySelectorAll<HTMLElement>('.nb-cell')];
  const dataEl = document.getElementById('nb-data');
  if (!cellEls.length || !dataEl) return;
  const data = JSON.parse(dataEl.textContent ?? '{}') as PageData;
  const bar = document.querySelector<HTMLElement>('[data-nb-bar]');
  const kernel = createKernel(data.lesson, bar);
  const queue = new RunQueue();
  const cells = createCells(cellEls, data, kernel, queue);
  wireExercises({ lesson: data.lesson, kernel, cells, saved: data.exercises ?? {} });
  if (bar) wireBar(bar, cells, queue, kernel);
  wireCellKeys(cells);
  // Start the kernel now: its frame and worker load in parallel with the rest
  // of the page (off the main thread), so the first Run is answered at once.
  kernel.start().then(
    () => void autorun(cells),
    () => undefined,
  );
}

/** The page's kernel; its state shows in the notebook bar. */
function createKernel(lesson: string, bar: HTMLElement | null): Kernel {
  const stateText = bar?.querySelector<HTMLElement>('[data-nb-kernel-state]');
  return new Kernel({
    lesson,
    hostUrl,
    runtimeUrl,
    onStatus(status, detail) {
      if (bar) bar.dataset.state = status;
      if (stateText) stateText.textContent = detail ? `${KERNEL_LABEL[status]} (${detail})` : KERNEL_LABEL[status];
    },
  });
}

/** One controller per cell, in page order, each with the reader's saved edit. */
function createCells(cellEls: HTMLElement[], data: PageData, kernel: Kernel, queue: RunQueue): CellController[] {
  const store = new EditStore(data.lesson);
  const cells: CellController[] = [];
  const ctx = (index: number) => ({
    index,
    lesson: data.lesson,
    kernel,
    queue,
    store,
    allCode: () => cells.map((c) => ({ id: c.id, code: c.code })),
    declarations: () => cells.map((c) => ({ id: c.id, title: c.title, declared: c.declaredNames() })),
    advance(from: CellController) {
      const next = cells[cells.indexOf(from) + 1];
      if (next) next.focus();
      else document.querySelector<HTMLElement>('[data-mark-done] button')?.focus();
    },
  });
  cellEls.forEach((el, i) => cells.push(new CellController(el, ctx(i), data.edits[el.dataset.cell!] ?? null)));
  return cells;
}

/** The notebook bar: Run all and Restart. */
function wireBar(bar: HTMLElement, cells: CellController[], queue: RunQueue, kernel: Kernel): void {
  bar.hidden = false;
  const runAll = bar.querySelector<HTMLButtonElement>('[data-nb-action="run-all"]')!;
  const runAllMsg = bar.querySelector<HTMLElement>('[data-nb-run-all-msg]')!;
  runAll.addEventListener('click', () => {
    runAll.disabled = true;
    void runAllCells(cells, runAllMsg).finally(() => (runAll.disabled = false));
  });
  bar.querySelector<HTMLButtonElement>('[data-nb-action="restart"]')!.addEventListener('click', () => {
    runAllMsg.textContent = '';
    queue.clear();
    for (const c of cells) c.forget();
    void kernel.kill('restart');
  });
}

/** Run every cell in order, stopping at the first that does not succeed (later cells may depend on it). */
async function runAllCells(cells: CellController[], msg: HTMLElement): Promise<void> {
  msg.textContent = `Running ${cells.length} cells in order…`;
  for (const [i, c] of cells.entries()) {
    if ((await c.run()) === 'ok') continue;
    // Run all stops here and says so everywhere.
    const rest = cells.slice(i + 1);
    for (const later of rest) later.markSkipped(`Run all stopped at “${c.title}”.`);
    msg.textContent = `Run all stopped at “${c.title}”${rest.length ? `; ${rest.length} later cell${rest.length === 1 ? '' : 's'} not run` : ''}.`;
    c.focus();
    return;
  }
  msg.textContent = `All ${cells.length} cells ran.`;
}

/** The keyboard on a cell: Shift+Enter runs and moves on, Ctrl/Cmd+Enter runs in place. */
function wireCellKeys(cells: CellController[]): void {
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.altKey) return;
    const target = e.target as HTMLElement | null;
    // Monaco handles its own keys (cell-editor.ts); tabs and links keep Enter.
    if (!target || target.closest('.monaco-editor, [role="tab"], a, summary')) return;
    const el = target.closest<HTMLElement>('.nb-cell');
    const cell = el && cells.find((c) => c.el === el);
    if (!cell) return;
    if (e.shiftKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      void cell.runFromKeyboard(true);
    } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey) {
      e.preventDefault();
      void cell.runFromKeyboard(false);
    }
  });
}

/** Run the cells marked autorun, in order, until one fails. */
async function autorun(cells: CellController[]): Promise<void> {
  for (const c of cells.filter((c) => c.el.hasAttribute('data-autorun'))) if ((await c.run()) !== 'ok') break;
}
