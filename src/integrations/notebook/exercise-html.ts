import type { CompiledCell } from '../../lib/shared/notebook/compile-cell';
import { escapeHtml, scriptJson } from './cell-html';

/**
 * The HTML around an exercise's cell. Without JavaScript it reads as a task
 * with its starter code and the hints as <details>; the solution is never in
 * the page (the script asks the server for it). The script reveals the
 * Check and solution buttons and drives `data-check-state` (the public
 * contract: idle, running, passed, failed).
 */

export interface ExerciseHtmlInput {
  id: string;
  title: string;
  /** The starter cell's HTML (renderCellHtml). */
  cellHtml: string;
  hints: string[];
  check: CompiledCell;
  verify: string | null;
}

/** A hint's Markdown as HTML: paragraphs and `code` spans, everything else as text. */
export function hintHtml(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para.trim()).replace(/`([^`\n]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

/** Render an exercise. */
export function renderExerciseHtml(x: ExerciseHtmlInput): string {
  const hints = x.hints
    .map((h, i) => `<details class="nb-hint" data-hint="${i + 1}"><summary>Hint ${i + 1} of ${x.hints.length}</summary>${hintHtml(h)}</details>`)
    .join('');
  return (
    `<div class="nb-exercise" id="exercise-${x.id}" data-exercise="${x.id}"${x.verify ? ` data-verify="${escapeHtml(x.verify)}"` : ''} role="group" aria-labelledby="cell-${x.id}-title">` +
    `<p class="nb-ex-kicker">Exercise<span class="nb-ex-progress" data-ex-progress></span></p>` +
    x.cellHtml +
    `<div class="nb-ex-actions" hidden>` +
    `<button type="button" class="nb-btn" data-ex-action="check">Check</button>` +
    `<button type="button" class="nb-btn secondary" data-ex-action="hint">Show a hint</button>` +
    `<button type="button" class="nb-btn secondary" data-ex-action="solution">Show solution</button>` +
    `<span class="nb-ex-confirm" data-ex-confirm hidden>` +
    `<span>Replace your code with the solution? Your pass will count as “solution used”.</span> ` +
    `<button type="button" class="nb-btn" data-ex-action="solution-yes">Yes, load the solution</button> ` +
    `<button type="button" class="nb-btn secondary" data-ex-action="solution-no">Cancel</button>` +
    `</span>` +
    `</div>` +
    `<p class="nb-ex-result" data-check-state="idle" role="status" aria-live="polite">Checking an answer needs JavaScript; the task and the hints read fine without it.</p>` +
    `<div class="nb-ex-hints">${hints}</div>` +
    `<script type="application/json" class="nb-ex-check">${scriptJson(x.check)}</script>` +
    `</div>`
  );
}
