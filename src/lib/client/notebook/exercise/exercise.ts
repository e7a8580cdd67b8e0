import type { CompiledCell } from '../../../shared/notebook/compile-cell';
import type { CellController } from '../cell';
import type { Kernel, RunEnd } from '../kernel-client';
import { checkVerdict } from './check-message';
import { fetchSolution, recordAttempt, type AttemptAnswer } from './practice-api';

/**
 * One exercise on the page: Check (run the learner's code, then the hidden
 * checks over that run in the same kernel, then record the attempt where the
 * server has the last word), hints one at a time, and the solution behind a
 * confirmation. `data-check-state` and its text are the public contract.
 */

export type CheckState = 'idle' | 'running' | 'passed' | 'failed';

/** A learner's saved record of the exercise, as the page renders it. */
export interface ExerciseSaved {
  attempts: number;
  passed: boolean;
  usedSolution: boolean;
}

/** Longest a check may take (verifications poll for queued deliveries). */
const CHECK_TIMEOUT_MS = 25_000;

/** The controller of one `[data-exercise]` container. */
export class ExerciseController {
  readonly id: string;
  private readonly result: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly check: CompiledCell;
  private readonly hints: HTMLDetailsElement[];
  private readonly buttons: Record<'check' | 'hint' | 'solution' | 'yes' | 'no', HTMLButtonElement>;
  private readonly confirm: HTMLElement;
  private shownHints = 0;

  constructor(
    readonly el: HTMLElement,
    private readonly cell: CellController,
    private readonly opts: { lesson: string; kernel: Kernel; saved: ExerciseSaved | null },
  ) {
    this.id = el.dataset.exercise!;
    this.result = el.querySelector<HTMLElement>('[data-check-state]')!;
    this.progress = el.querySelector<HTMLElement>('[data-ex-progress]')!;
    this.check = JSON.parse(el.querySelector('.nb-ex-check')!.textContent) as CompiledCell;
    this.hints = [...el.querySelectorAll<HTMLDetailsElement>('.nb-hint')];
    const b = (a: string) => el.querySelector<HTMLButtonElement>(`[data-ex-action="${a}"]`)!;
    this.buttons = { check: b('check'), hint: b('hint'), solution: b('solution'), yes: b('solution-yes'), no: b('solution-no') };
    this.confirm = el.querySelector<HTMLElement>('[data-ex-confirm]')!;
    // With the script, hints come one at a time.
    for (const h of this.hints) h.hidden = true;
    this.updateHintButton();
    this.showSaved(opts.saved);
    this.setResult('idle', 'Not checked yet: edit the code, then press Check.');
    this.buttons.check.addEventListener('click', () => void this.runCheck());
    this.buttons.hint.addEventListener('click', () => this.nextHint());
    this.buttons.solution.addEventListener('click', () => this.askSolution(true));
    this.buttons.no.addEventListener('click', () => this.askSolution(false));
    this.buttons.yes.addEventListener('click', () => void this.loadSolution());
    el.querySelector<HTMLElement>('.nb-ex-actions')!.hidden = false;
  }

  private setResult(state: CheckState, text: string): void {
    this.result.dataset.checkState = state;
    this.result.textContent = text;
    this.el.dataset.checkState = state;
  }

  private showSaved(saved: ExerciseSaved | null): void {
    if (!saved || (saved.attempts === 0 && !saved.usedSolution)) {
      this.progress.textContent = '';
      return;
    }
    const parts = [saved.passed ? 'passed' : 'not passed yet', `${saved.attempts} attempt${saved.attempts === 1 ? '' : 's'}`];
    if (saved.usedSolution) parts.push('solution used');
    this.progress.textContent = ` · ${parts.join(', ')}`;
  }

  /** Check: the learner's code, then the checks, then the server's record. */
  async runCheck(): Promise<void> {
    if (this.result.dataset.checkState === 'running') return;
    this.buttons.check.disabled = true;
    this.setResult('running', 'Running your code…');
    try {
      await this.cell.run();
      this.setResult('running', 'Checking…');
      const end = await this.runChecks();
      const verdict = checkVerdict(end);
      let answer: AttemptAnswer | null = null;
      let saveError = '';
      try {
        answer = await recordAttempt(this.opts.lesson, this.id, verdict.passed);
      } catch (err) {
        saveError = err instanceof Error ? err.message : String(err);
      }
      this.report(verdict, answer, saveError);
    } finally {
      this.buttons.check.disabled = false;
    }
  }

  private runChecks(): Promise<RunEnd> {
    let timer = 0;
    return this.opts.kernel
      .run(
        `${this.id}--check`,
        this.check,
        { onOutput: () => undefined, onNetwork: () => undefined },
        (runId) => (timer = window.setTimeout(() => this.opts.kernel.stop(runId, 'timeout'), CHECK_TIMEOUT_MS)),
        { exercise: this.id, of: this.cell.id },
      )
      .finally(() => clearTimeout(timer));
  }

  private report(verdict: ReturnType<typeof checkVerdict>, answer: AttemptAnswer | null, saveError: string): void {
    const unsaved = saveError ? ` (Not saved: ${saveError})` : '';
    if (answer && verdict.passed && !answer.passed) {
      // The kernel said yes, the server's own verification said no: the server wins.
      this.setResult('failed', `Not yet: ${answer.verification?.message ?? 'the portal could not confirm your result.'}`);
    } else if (verdict.passed) {
      const how = answer?.usedSolution ? ' (with the solution)' : '';
      this.setResult('passed', `Passed${how}! ${answer ? `Attempt ${answer.attempts}.` : ''}${unsaved}`.trim());
    } else {
      this.setResult('failed', `Not yet: ${verdict.message}${unsaved}`);
    }
    if (answer) this.showSaved({ attempts: answer.attempts, passed: answer.passedAt !== null, usedSolution: answer.usedSolution });
  }

  private updateHintButton(): void {
    const left = this.hints.length - this.shownHints;
    this.buttons.hint.hidden = left === 0;
    this.buttons.hint.textContent = `Show a hint (${this.shownHints + 1} of ${this.hints.length})`;
  }

  /** Reveal the next hint, open, and move focus to it. */
  nextHint(): void {
    const h = this.hints[this.shownHints];
    if (!h) return;
    h.hidden = false;
    h.open = true;
    this.shownHints++;
    this.updateHintButton();
    h.querySelector('summary')?.focus();
  }

  private askSolution(show: boolean): void {
    this.confirm.hidden = !show;
    this.buttons.solution.hidden = show;
    (show ? this.buttons.yes : this.buttons.solution).focus();
  }

  private async loadSolution(): Promise<void> {
    this.buttons.yes.disabled = true;
    try {
      const code = await fetchSolution(this.opts.lesson, this.id);
      await this.cell.editing.replaceCode(code);
      this.askSolution(false);
      this.setResult('idle', 'The solution is in the cell. Read it, run it, then press Check.');
      this.progress.textContent = ' · solution used';
    } catch (err) {
      this.setResult(
        this.result.dataset.checkState as CheckState,
        `The solution could not load: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      this.buttons.yes.disabled = false;
    }
  }
}
