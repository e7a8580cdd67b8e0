import type { CampaignView, FailedJobView, LatencyStats, Priority, QueueSnapshot, WorkerView } from '../../shared/notifications/types';
import { ago, bytes, duration, el, int, ms, percentDone } from './format';

/** Rendering of the dashboard's sections from a snapshot; text only, never HTML from data. */

/** Counts per state. */
export function renderCounts(root: HTMLElement, counts: QueueSnapshot['counts']): void {
  for (const dd of root.querySelectorAll<HTMLElement>('[data-count]')) {
    const k = dd.dataset.count as keyof NonNullable<QueueSnapshot['counts']>;
    dd.textContent = counts ? int(counts[k] ?? 0) : '–';
  }
}

/** Latency percentiles per priority. */
export function renderLatency(tbody: HTMLElement, latency: Record<Priority, LatencyStats>): void {
  tbody.replaceChildren(
    ...(['high', 'normal', 'low'] as const).map((p) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, p),
        el('td', { class: 'num' }, ms(latency[p].p50)),
        el('td', { class: 'num' }, ms(latency[p].p95)),
        el('td', { class: 'num' }, ms(latency[p].p99)),
        el('td', { class: 'num' }, int(latency[p].samples)),
      ),
    ),
  );
}

/** Campaigns with a progress bar, rate and ETA each. */
export function renderCampaigns(host: HTMLElement, campaigns: CampaignView[]): void {
  if (!campaigns.length) return host.replaceChildren(el('p', { class: 'muted' }, 'No campaigns yet. Launch a load test below.'));
  host.replaceChildren(
    ...campaigns.map((c) => {
      // Rounded down, so 19,999 of 20,000 reads 99.9%, not 100%, and the counts say the rest.
      const pct = percentDone(c.delivered, c.total);
      const bar = el('progress', {
        max: String(Math.max(c.total, 1)),
        value: String(c.delivered),
        'aria-label': `Campaign ${c.id} progress`,
        'data-campaign-progress': String(c.id),
      });
      const status = c.status === 'done' ? (c.failed ? `done, ${int(c.failed)} failed` : 'done') : c.status;
      return el(
        'div',
        { class: 'campaign', 'data-campaign': String(c.id), 'data-status': c.status, 'data-percent': String(pct) },
        el('div', { class: 'campaign-title' }, el('strong', {}, `#${c.id} ${c.title}`), ` · ${c.audience === 'synthetic' ? 'load test' : 'users'}`),
        bar,
        el(
          'div',
          { class: 'campaign-meta' },
          el('span', { 'data-campaign-percent': String(c.id) }, `${pct}% delivered`),
          el('span', {}, `${int(c.delivered)} / ${int(c.total)} delivered`),
          el('span', { class: c.failed ? 'error-text' : '' }, `${int(c.failed)} failed`),
          el('span', {}, `${int(c.rate)}/s`),
          el(
            'span',
            {},
            c.status === 'done' ? `took ${duration(((c.finishedAt ?? 0) - (c.startedAt ?? c.createdAt)) / 1000)}` : `ETA ${duration(c.etaSeconds)}`,
          ),
          el('span', {}, `${status} · chunks ${int(c.chunksFinished)}/${int(c.chunks)}`),
        ),
      );
    }),
  );
}

/**
 * A table inside a horizontally scrollable, focusable, labelled region. The
 * region is kept across renders (only the table inside is replaced), so its
 * scroll position and keyboard focus survive the once-a-second snapshots.
 */
function scrollTable(host: HTMLElement, label: string, table: HTMLTableElement): void {
  let wrap = host.querySelector<HTMLElement>(':scope > .table-wrap');
  if (!wrap) {
    wrap = el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label });
    host.replaceChildren(wrap);
  }
  wrap.replaceChildren(table);
}

/** The dead-letter table with retry and remove buttons (disabled for the `busy` jobs, whose request is still running). */
export function renderFailed(
  host: HTMLElement,
  failed: FailedJobView[],
  act: (id: string, action: 'retry' | 'remove') => void,
  busy: ReadonlySet<string> = new Set(),
): void {
  if (!failed.length) {
    delete host.dataset.shown;
    return host.replaceChildren(el('p', { class: 'muted' }, 'Nothing has failed.'));
  }
  // Same jobs as a second ago: refresh the "ago" cells only, so a focused Retry button keeps its focus.
  const shown = JSON.stringify(failed.map((f) => [f.id, f.attempts, f.error, f.failedAt, f.summary]));
  if (host.dataset.shown === shown) {
    for (const cell of host.querySelectorAll<HTMLElement>('[data-failed-at]')) cell.textContent = ago(Number(cell.dataset.failedAt));
    return;
  }
  host.dataset.shown = shown;
  const rows = failed.map((f) => {
    const retry = el('button', { type: 'button', class: 'secondary', 'aria-label': `Retry job ${f.id}` }, 'Retry');
    const remove = el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove job ${f.id}` }, 'Remove');
    retry.disabled = remove.disabled = busy.has(f.id);
    retry.addEventListener('click', () => act(f.id, 'retry'));
    remove.addEventListener('click', () => act(f.id, 'remove'));
    // data-label names each cell on phones, where the rows become cards of "label: value" lines.
    return el(
      'tr',
      { 'data-failed-job': f.id },
      el('td', { class: 'nowrap', 'data-label': 'job' }, el('code', {}, f.id)),
      el('td', { class: 'text', 'data-label': 'what' }, f.summary),
      el('td', { class: 'text error-text', 'data-label': 'error' }, f.error),
      el('td', { class: 'num', 'data-label': 'attempts' }, String(f.attempts)),
      f.failedAt
        ? el('td', { class: 'nowrap', 'data-label': 'failed', 'data-failed-at': String(f.failedAt) }, ago(f.failedAt))
        : el('td', { 'data-label': 'failed' }, '–'),
      el('td', { class: 'nowrap actions' }, retry, ' ', remove),
    );
  });
  const head = el(
    'tr',
    {},
    ...(['job', 'what', 'error', 'attempts', 'failed', 'actions'] as const).map((h) =>
      el('th', { scope: 'col', ...(h === 'attempts' ? { class: 'num' } : {}) }, h),
    ),
  );
  scrollTable(host, 'Failed jobs table', el('table', { class: 'card-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

/** Live workers and their health. */
export function renderWorkers(host: HTMLElement, workers: WorkerView[], at: number): void {
  if (!workers.length)
    return host.replaceChildren(
      el('p', { class: 'error-text' }, 'No worker is running: jobs wait until one starts (npm start runs WORKERS of them).'),
    );
  const rows = workers.map((w) => {
    const fresh = at - w.lastBeatAt < 10_000;
    return el(
      'tr',
      {},
      el('td', { class: 'nowrap', 'data-label': 'worker' }, w.label),
      el('td', { class: fresh ? 'ok-text' : 'error-text', 'data-label': 'health' }, fresh ? 'healthy' : 'late'),
      el('td', { class: 'num', 'data-label': 'jobs done' }, int(w.processed)),
      el('td', { class: 'num', 'data-label': 'jobs failed' }, int(w.failed)),
      el('td', { class: 'num', 'data-label': 'memory' }, bytes(w.rssBytes)),
      el('td', { class: 'num', 'data-label': 'uptime' }, `up ${duration((at - w.startedAt) / 1000)}`),
    );
  });
  const numeric = new Set(['jobs done', 'jobs failed', 'memory', 'uptime']);
  const head = el(
    'tr',
    {},
    ...['worker', 'health', 'jobs done', 'jobs failed', 'memory', 'uptime'].map((h) =>
      el('th', { scope: 'col', ...(numeric.has(h) ? { class: 'num' } : {}) }, h),
    ),
  );
  scrollTable(host, 'Workers table', el('table', { class: 'card-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}
