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
  const stateText = bar?.querySelector<HTMLElement>('[data-nb-kernel-state]');

  const kernel = new Kernel({
    lesson: data.lesson,
    hostUrl,
    runtimeUrl,
    onStatus(status, detail) {
      if (bar) bar.dataset.state = status;
      if (stateText) stateText.textContent = detail ? `${KERNEL_LABEL[status]} (${detail})` : KERNEL_LABEL[status];
    },
  });
  const queue = new RunQueue();
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
  wireExercises({ lesson: data.lesson, kernel, cells, saved: data.exercises ?? {} });

  if (bar) {
    bar.hidden = false;
    const runAll = bar.querySelector<HTMLButtonElement>('[data-nb-action="run-all"]')!;
    const runAllMsg = bar.querySelector<HTMLElement>('[data-nb-run-all-msg]')!;
    runAll.addEventListener('click', async () => {
      runAll.disabled = true;
      runAllMsg.textContent = `Running ${cells.length} cells in order…`;
      try {
        for (const [i, c] of cells.entries()) {
          if ((await c.run()) === 'ok') continue;
          // Later cells may depend on this one, so Run all stops here and says so everywhere.
          const rest = cells.slice(i + 1);
          for (const later of rest) later.markSkipped(`Run all stopped at “${c.title}”.`);
          runAllMsg.textContent = `Run all stopped at “${c.title}”${rest.length ? `; ${rest.length} later cell${rest.length === 1 ? '' : 's'} not run` : ''}.`;
          c.focus();
          return;
        }
        runAllMsg.textContent = `All ${cells.length} cells ran.`;
      } finally {
        runAll.disabled = false;
      }
    });
    bar.querySelector<HTMLButtonElement>('[data-nb-action="restart"]')!.addEventListener('click', () => {
      runAllMsg.textContent = '';
      queue.clear();
      for (const c of cells) c.forget();
      void kernel.kill('restart');
    });
  }

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

  const boot = () => {
    kernel.start().then(
      () => {
        const auto = cells.filter((c) => c.el.hasAttribute('data-autorun'));
        void (async () => {
          for (const c of auto) if ((await c.run()) !== 'ok') break;
        })();
      },
      () => undefined,
    );
  };
  // Start the kernel now: its frame and worker load in parallel with the rest
  // of the page (off the main thread), so the first Run is answered at once.
  boot();
}
