import { formatMs } from '../../shared/notebook/format';
import type { KernelError, OutputEntry } from '../../shared/notebook/protocol';
import type { CompileError } from '../../shared/notebook/compile-cell';
import { h } from './dom';
import { inlineValue, tableView, treeView } from './tree-view';

/**
 * A cell's output area: log lines with their level, trees and tables,
 * errors with the cell's own line numbers, and a status line with the
 * elapsed time. The list is a `role=log` region, so new output is announced.
 */

const LEVEL_LABEL: Record<string, string> = { warn: 'Warning', error: 'Error', info: 'Info', debug: 'Debug' };
/** Most entries one output area holds (older ones are dropped first). */
const MAX_RENDERED = 1500;

/** The output area of one cell. */
export class OutputView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;

  constructor(cellTitle: string) {
    this.status = h('p', { class: 'nb-status', role: 'status' });
    this.list = h('div', { class: 'nb-output-list', role: 'log', 'aria-live': 'polite', 'aria-label': `${cellTitle}: output` });
    this.root = h('div', { class: 'nb-output', hidden: true }, this.status, this.list);
  }

  /** Remove all output. */
  clear(): void {
    this.list.replaceChildren();
    this.status.textContent = '';
    this.status.className = 'nb-status';
    this.root.hidden = true;
  }

  /** Whether anything is shown. */
  get empty(): boolean {
    return this.root.hidden;
  }

  /** Set the status line ("Running…", "Done in 12 ms", ...). */
  setStatus(text: string, tone: 'busy' | 'ok' | 'error' | 'warn' | 'info'): void {
    this.root.hidden = false;
    this.status.textContent = text;
    this.status.className = `nb-status nb-status-${tone}`;
  }

  /** Append kernel output. */
  append(entries: OutputEntry[]): void {
    this.root.hidden = false;
    for (const e of entries) this.list.append(this.render(e));
    while (this.list.childElementCount > MAX_RENDERED) this.list.firstElementChild?.remove();
  }

  /** Show a run's error. */
  error(error: KernelError, uncaught = false): void {
    this.append([{ kind: 'error', error, uncaught }]);
  }

  /** A warning from the page itself (not the cell), such as type errors the run goes ahead with. */
  warning(label: string, text: string): void {
    this.root.hidden = false;
    this.list.append(h('div', { class: 'nb-entry nb-level-warn nb-page-warning' }, h('span', { class: 'nb-level' }, label), ` ${text}`));
  }

  /** A hint from the page after a run; `name` quoted in backticks is shown as code. */
  hint(text: string): void {
    this.root.hidden = false;
    const row = h('div', { class: 'nb-entry nb-hint' }, h('span', { class: 'nb-level' }, 'Hint'), ' ');
    text.split('`').forEach((part, i) => row.append(i % 2 ? h('code', {}, part) : part));
    this.list.append(row);
  }

  /** Show compile errors with line and column. */
  compileErrors(errors: CompileError[]): void {
    this.root.hidden = false;
    for (const e of errors) {
      this.list.append(
        h(
          'div',
          { class: 'nb-entry nb-level-error' },
          h('span', { class: 'nb-level' }, 'Compile error'),
          ` line ${e.line}, column ${e.column}: ${e.message}`,
        ),
      );
    }
  }

  /** Elapsed-time text for a status line. */
  static took(ms: number): string {
    return formatMs(ms);
  }

  private render(e: OutputEntry): HTMLElement {
    switch (e.kind) {
      case 'log': {
        const row = h('div', { class: `nb-entry nb-level-${e.level}` });
        if (LEVEL_LABEL[e.level]) row.append(h('span', { class: 'nb-level' }, LEVEL_LABEL[e.level]), ' ');
        e.parts.forEach((p, i) => {
          if (i > 0) row.append(' ');
          row.append(p.t === 'string' ? inlineValue(p, true) : treeView(p, false));
        });
        return row;
      }
      case 'table':
        return h('div', { class: 'nb-entry nb-rich' }, tableView(e.table, e.title));
      case 'display':
        return h(
          'div',
          { class: 'nb-entry nb-rich' },
          e.title ? h('p', { class: 'nb-rich-title' }, e.title) : null,
          e.value.t === 'string' ? h('pre', { class: 'nb-text' }, e.value.v) : treeView(e.value, true),
        );
      case 'error': {
        const err = e.error;
        const where = err.line !== null ? ` (line ${err.line})` : '';
        return h(
          'div',
          { class: 'nb-entry nb-level-error' },
          h('span', { class: 'nb-level' }, e.uncaught ? 'Uncaught' : 'Error'),
          ` ${err.name}: ${err.message}${where}`,
          err.frames.length ? h('pre', { class: 'nb-stack' }, err.frames.join('\n')) : null,
        );
      }
      case 'notice':
        return h('div', { class: 'nb-entry nb-notice' }, e.text);
    }
  }
}
