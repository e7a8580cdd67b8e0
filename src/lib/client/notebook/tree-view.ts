import { isExpandable, logText, summarize, type InspectNode } from '../../shared/notebook/inspect';
import type { TableData } from '../../shared/notebook/inspect-table';
import { h } from './dom';

/**
 * Values as a reader explores them: primitives as coloured text, objects,
 * arrays, maps and sets as expandable trees (native <details>, so keyboard
 * and screen readers work without extra code), arrays of objects as tables.
 */

function keyLabel(key: string): HTMLElement {
  return h('span', { class: 'nb-key' }, key);
}

/** A one-line value (no expansion). */
export function inlineValue(node: InspectNode, bare = false): HTMLElement {
  const text = bare && node.t === 'string' ? node.v : summarize(node, 200);
  const el = h('span', { class: `nb-v nb-v-${node.t}` }, text);
  if (node.t === 'string' && node.cut) el.append(h('span', { class: 'nb-muted' }, ` … (${node.cut} characters)`));
  return el;
}

function children(node: InspectNode): Array<[HTMLElement | string, InspectNode]> {
  switch (node.t) {
    case 'array':
    case 'object':
      return node.entries;
    case 'map':
      return node.entries.map(([k, v]) => [summarize(k, 60), v]);
    case 'set':
      return node.entries.map((v, i) => [String(i), v]);
    default:
      return [];
  }
}

/** A value as an expandable tree; `open` expands the first level. */
export function treeView(node: InspectNode, open = false, label?: string): HTMLElement {
  if (node.t === 'error') {
    const d = h('details', { class: 'nb-tree' }, h('summary', {}, inlineValue(node)));
    if (node.stack) d.append(h('pre', { class: 'nb-stack' }, node.stack));
    return d;
  }
  if (!isExpandable(node)) {
    return h('span', { class: 'nb-leaf' }, label !== undefined ? keyLabel(label) : null, label !== undefined ? ': ' : null, inlineValue(node));
  }
  const summary = h('summary', {}, label !== undefined ? keyLabel(label) : null, label !== undefined ? ': ' : null, inlineValue(node));
  const list = h('ul', { class: 'nb-tree-children' });
  for (const [k, v] of children(node)) {
    list.append(h('li', {}, treeView(v, false, typeof k === 'string' ? k : (k.textContent ?? ''))));
  }
  const more = 'more' in node ? node.more : 0;
  if (more > 0) list.append(h('li', { class: 'nb-muted' }, `… ${more} more`));
  const d = h('details', { class: 'nb-tree' }, summary, list);
  if (open) d.open = true;
  return d;
}

/** A table view; cells show one-line previews. */
export function tableView(table: TableData, title: string | null): HTMLElement {
  const indexHead = table.hideIndex ? null : h('th', { scope: 'col' }, '(index)');
  const head = h('tr', {}, indexHead, ...table.columns.map((c) => h('th', { scope: 'col' }, c)));
  const rows = table.rows.map((r, i) =>
    h(
      'tr',
      {},
      table.hideIndex ? null : h('th', { scope: 'row' }, table.index[i] ?? String(i)),
      ...r.map((c) => h('td', {}, c ? inlineValue(c, true) : '')),
    ),
  );
  const t = h('table', { class: 'nb-table' }, title ? h('caption', {}, title) : null, h('thead', {}, head), h('tbody', {}, ...rows));
  const wrap = h('div', { class: 'nb-table-wrap', tabindex: 0, role: 'region', 'aria-label': title ?? `Table of ${table.rows.length} rows` }, t);
  if (table.more > 0) wrap.append(h('p', { class: 'nb-muted' }, `… ${table.more} more rows`));
  return wrap;
}

/** Plain text of a log line, as a console would print it. */
export function logLineText(parts: InspectNode[]): string {
  return parts.map((p) => logText(p)).join(' ');
}
