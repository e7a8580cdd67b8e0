import type { CellMeta } from '../../lib/shared/notebook/cell-meta';
import type { CellUse } from '../../lib/shared/notebook/cell-uses';
import type { CompiledCell } from '../../lib/shared/notebook/compile-cell';

/**
 * The HTML of one cell as the article ships it. Without JavaScript it is a
 * labelled, highlighted listing (and its Python version); the page script
 * reveals the toolbar and tabs and attaches the output area. The compiled
 * kernel function rides along as inert JSON.
 */

/** Escape text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element (no "</script>", no HTML comment openers). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface CellHtmlInput {
  meta: CellMeta;
  /** The TypeScript as written (the page needs it for Edit and Reset). */
  source: string;
  hash: string;
  tsHtml: string;
  pythonHtml: string | null;
  /** The scopes a personal token needs for the lesson's Python tabs. */
  pythonScopes: readonly string[];
  /** Earlier cells whose names this one uses (said above the code, before any run). */
  uses?: readonly CellUse[];
  compiled: CompiledCell;
}

/** Render a cell. */
export async function renderCellHtml(c: CellHtmlInput): Promise<string> {
  const id = c.meta.id;
  const title = escapeHtml(c.meta.title ?? `Cell ${id}`);
  const attrs = [
    `class="nb-cell"`,
    `id="cell-${id}"`,
    `data-cell="${id}"`,
    `data-hash="${c.hash}"`,
    `data-timeout="${c.meta.timeoutSec}"`,
    c.meta.expect !== null ? `data-expect="${escapeHtml(c.meta.expect)}"` : '',
    c.meta.autorun ? 'data-autorun' : '',
    `aria-labelledby="cell-${id}-title"`,
  ].filter(Boolean);
  const tabs = c.pythonHtml
    ? `<div class="nb-tabs" role="tablist" aria-label="${title}: language" hidden>` +
      `<button type="button" role="tab" class="nb-tab" id="cell-${id}-tab-ts" aria-controls="cell-${id}-ts" aria-selected="true">TypeScript</button>` +
      `<button type="button" role="tab" class="nb-tab" id="cell-${id}-tab-py" aria-controls="cell-${id}-py" aria-selected="false" tabindex="-1">Python</button>` +
      `</div>`
    : '';
  const python = c.pythonHtml
    ? `<div class="nb-panel nb-panel-py" id="cell-${id}-py">` +
      `<p class="nb-lang">Python</p>${c.pythonHtml}` +
      `<p class="nb-py-note muted">The same in Python, to run yourself: set <code>IL_URL</code> to this portal and <code>IL_TOKEN</code> to a personal token with the scopes ${c.pythonScopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')} (<a href="/account/tokens?preset=lessons">create one with the lessons' preset</a>). Run, above, runs the TypeScript.</p>` +
      `</div>`
    : '';
  const uses = c.uses?.length
    ? `<p class="nb-uses muted">Uses ${c.uses
        .map(
          (u) =>
            `${u.names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')} from <a href="#cell-${escapeHtml(u.id)}">${escapeHtml(u.title)}</a>`,
        )
        .join('; ')}: run ${c.uses.length === 1 ? 'that cell' : 'those cells'} first, or Run all.</p>`
    : '';
  return (
    `<section ${attrs.join(' ')}>` +
    `<div class="nb-head">` +
    `<p class="nb-title" id="cell-${id}-title">${title}</p>` +
    `<span class="nb-badge nb-edited" hidden>edited</span>` +
    `<div class="nb-toolbar" role="toolbar" aria-label="${title}: actions" hidden>` +
    `<button type="button" class="nb-btn nb-run" data-action="run" aria-keyshortcuts="Shift+Enter Control+Enter Meta+Enter">Run</button>` +
    `<button type="button" class="nb-btn secondary" data-action="stop" hidden>Stop</button>` +
    `<button type="button" class="nb-btn secondary" data-action="edit">Edit</button>` +
    `<button type="button" class="nb-btn secondary" data-action="reset" hidden>Reset</button>` +
    `<button type="button" class="nb-btn secondary" data-action="clear" hidden>Clear output</button>` +
    `</div>` +
    `</div>` +
    uses +
    tabs +
    `<div class="nb-panel nb-panel-ts" id="cell-${id}-ts">` +
    (c.pythonHtml ? `<p class="nb-lang">TypeScript</p>` : '') +
    `<div class="nb-code">${c.tsHtml}</div>` +
    `</div>` +
    python +
    `<script type="application/json" class="nb-compiled">${scriptJson({ ...c.compiled, source: c.source })}</script>` +
    `</section>`
  );
}
