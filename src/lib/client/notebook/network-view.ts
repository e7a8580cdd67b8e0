import { displayUrl, formatBytes, formatMs, prettyBody } from '../../shared/notebook/format';
import type { FetchRecord, GraphqlOperation, NetworkRecord, SocketRecord } from '../../shared/notebook/protocol';
import { parseServerTiming, timingBar } from '../../shared/notebook/server-timing';
import { h } from './dom';

/**
 * The network panel under a cell: every fetch (method, URL, status, time,
 * sizes, headers and bodies), every WebSocket (frames both ways, close code)
 * and the GraphQL operations among them. Records arrive as snapshots and are
 * redrawn in place, keeping whichever entries the reader had opened.
 */

function opLabel(op: GraphqlOperation): string {
  return `GraphQL ${op.type}${op.name ? ` ${op.name}` : ''}`;
}

function section(title: string, body: string | null, empty = '(none)'): HTMLElement {
  return h(
    'div',
    { class: 'nb-net-section' },
    h('p', { class: 'nb-net-heading' }, title),
    h('pre', { class: 'nb-net-body' }, body === null || body === '' ? empty : body),
  );
}

/** Separate measurements (" · 12 ms · ↑ 21 B") that never wrap inside one, only between them. */
function metrics(parts: string[]): HTMLElement {
  const children: Array<HTMLElement | string> = [];
  for (const part of parts) children.push(' · ', h('span', { class: 'nb-nowrap' }, part));
  return h('span', { class: 'nb-net-meta' }, ...children);
}

function headersText(list: Array<[string, string]>): string {
  return list.map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** Parts the bar colours; any other name a server sends is drawn as `other`. */
const KNOWN_PARTS = new Set(['auth', 'db', 'queue']);

/**
 * Where the server spent its time, from the answer's Server-Timing header:
 * a small bar (one segment per part, as a share of `total`) and the same in
 * words for screen readers and the opened entry. Null when there is none.
 */
function serverTiming(r: FetchRecord): { bar: HTMLElement; words: string } | null {
  const header = r.responseHeaders.find(([k]) => k === 'server-timing')?.[1];
  const bar = timingBar(parseServerTiming(header));
  if (!bar) return null;
  const words = `server ${formatMs(bar.totalMs)}${bar.segments.map((s) => `, ${s.name} ${formatMs(s.ms)}`).join('')}`;
  const segments = bar.segments.map((s) => {
    const seg = h('span', { class: `nb-timing-seg nb-timing-${KNOWN_PARTS.has(s.name) ? s.name : 'other'}` });
    // Through CSSOM, which the page's CSP allows (a style attribute it would not).
    seg.style.width = `${(s.share * 100).toFixed(1)}%`;
    return seg;
  });
  return { bar: h('span', { class: 'nb-timing', role: 'img', 'aria-label': words, title: words }, ...segments), words };
}

function fetchItem(r: FetchRecord, origin: string): HTMLElement {
  const timing = serverTiming(r);
  const status = r.error ? 'failed' : r.status === null ? 'pending' : String(r.status);
  const tone = r.error || (r.status !== null && r.status >= 400) ? 'error' : r.status === null ? 'busy' : 'ok';
  const summary = h(
    'summary',
    {},
    h('span', { class: 'nb-net-method' }, r.method),
    ' ',
    h('span', { class: 'nb-net-url' }, displayUrl(r.url, origin)),
    ' ',
    h('span', { class: `nb-net-status nb-tone-${tone}` }, status),
    metrics([formatMs(r.ms), `↑ ${formatBytes(r.requestBytes)}`, `↓ ${formatBytes(r.responseBytes)}`]),
    timing ? ' ' : null,
    timing?.bar ?? null,
    r.graphql ? h('span', { class: 'nb-badge' }, opLabel(r.graphql)) : null,
  );
  return h(
    'details',
    { class: 'nb-net-item', 'data-record': r.id },
    summary,
    r.error ? h('p', { class: 'nb-tone-error' }, r.error) : null,
    timing ? section('Server timing', timing.words.replace(/^server /, 'total ')) : null,
    r.graphql?.variables ? section('GraphQL variables', prettyBody(r.graphql.variables)) : null,
    section('Request headers', headersText(r.requestHeaders)),
    section('Request body', r.requestBody === null ? null : prettyBody(r.requestBody), '(no body)'),
    section('Response headers', headersText(r.responseHeaders), r.status === null ? '(waiting)' : '(none)'),
    section('Response body', r.responseBody === null ? null : prettyBody(r.responseBody), r.responseBody === null ? '(reading…)' : '(empty)'),
    r.truncated ? h('p', { class: 'nb-muted' }, 'Bodies longer than 64 kB are cut here; the cell received them whole.') : null,
  );
}

function socketItem(r: SocketRecord, origin: string): HTMLElement {
  const state = r.state === 'closed' ? `closed ${r.closeCode ?? ''}${r.closeReason ? ` (${r.closeReason})` : ''}` : r.state;
  const tone =
    r.state === 'error' || (r.closeCode !== null && r.closeCode !== 1000 && r.closeCode !== 1005) ? 'error' : r.state === 'open' ? 'busy' : 'ok';
  const frames = h(
    'ol',
    { class: 'nb-frames', 'aria-label': 'Frames' },
    ...r.frames.map((f) =>
      h(
        'li',
        { class: `nb-frame nb-frame-${f.dir}` },
        h('span', { class: 'nb-frame-dir', 'aria-label': f.dir === 'out' ? 'sent' : 'received' }, f.dir === 'out' ? '↑' : '↓'),
        h(
          'span',
          { class: 'nb-net-meta' },
          ' ',
          h('span', { class: 'nb-nowrap' }, formatMs(f.at)),
          ' · ',
          h('span', { class: 'nb-nowrap' }, formatBytes(f.bytes)),
          ' ',
        ),
        h('code', {}, f.data),
      ),
    ),
  );
  return h(
    'details',
    { class: 'nb-net-item', 'data-record': r.id },
    h(
      'summary',
      {},
      h('span', { class: 'nb-net-method' }, 'WS'),
      ' ',
      h('span', { class: 'nb-net-url' }, displayUrl(r.url, origin)),
      ' ',
      h('span', { class: `nb-net-status nb-tone-${tone}` }, state),
      h('span', { class: 'nb-net-meta' }, ` · ${r.frames.length + r.droppedFrames} frames${r.protocol ? ` · ${r.protocol}` : ''}`),
      ...r.graphql.map((op) => h('span', { class: 'nb-badge' }, opLabel(op))),
    ),
    r.openedMs !== null ? h('p', { class: 'nb-muted' }, `Opened after ${formatMs(r.openedMs)}.`) : null,
    frames,
    r.droppedFrames > 0 ? h('p', { class: 'nb-muted' }, `${r.droppedFrames} later frames not kept.`) : null,
  );
}

/** The network panel of one cell. */
export class NetworkView {
  readonly root: HTMLDetailsElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly items = new Map<number, HTMLElement>();

  constructor(
    cellTitle: string,
    private readonly origin: string,
  ) {
    this.count = h('span', {}, 'Network');
    this.list = h('div', { class: 'nb-net-list' });
    this.root = h('details', { class: 'nb-network', hidden: true, 'aria-label': `${cellTitle}: network` }, h('summary', {}, this.count), this.list);
  }

  /** Forget every record. */
  clear(): void {
    this.items.clear();
    this.list.replaceChildren();
    this.root.hidden = true;
  }

  /** Add or redraw records. */
  update(records: NetworkRecord[]): void {
    for (const r of records) {
      const fresh = r.kind === 'fetch' ? fetchItem(r, this.origin) : socketItem(r, this.origin);
      const old = this.items.get(r.id);
      if (old) {
        (fresh as HTMLDetailsElement).open = (old as HTMLDetailsElement).open;
        old.replaceWith(fresh);
      } else {
        this.list.append(fresh);
      }
      this.items.set(r.id, fresh);
    }
    this.root.hidden = this.items.size === 0;
    const all = [...this.items.values()];
    const sockets = all.filter((e) => e.querySelector('.nb-net-method')?.textContent === 'WS').length;
    const requests = all.length - sockets;
    const parts = [
      requests ? `${requests} request${requests === 1 ? '' : 's'}` : '',
      sockets ? `${sockets} WebSocket${sockets === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    this.count.textContent = `Network · ${parts.join(', ')}`;
  }
}
