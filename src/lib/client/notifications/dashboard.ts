import { randomBytes } from '../../shared/crypto/bytes';
import { toHex } from '../../shared/crypto/encoding';
import type { InboxItem, JobView, QueueSnapshot } from '../../shared/notifications/types';
import { renderCampaigns, renderCounts, renderFailed, renderLatency, renderWorkers } from './dashboard-render';
import { bytes, el, int, jobStateText, plural } from './format';
import { reconnectingSocket, wsUrl } from './reconnecting-socket';
import { RateHistory } from './rate-history';
import { createThroughputChart } from './throughput-chart';

/**
 * The dashboard page: renders each snapshot pushed on /ws/queue and wires
 * the forms and buttons to the notification API (same-origin, cookie).
 */

/** What a call answered: the typed body on 2xx, else the status and the API's error message. */
type CallResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string | undefined };

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: 'Could not reach the server; check the connection and try again.' };
  }
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
  return { ok: false, status: res.status, message: typeof message === 'string' ? message : undefined };
}

/**
 * One `Idempotency-Key` per submission of a form: the same body sent again
 * (a retry after a lost answer) reuses it, so the server replays its first
 * answer instead of queuing twice; a success or an edited form gets a new one.
 */
function idempotencyKeys(): { forBody(body: string): string; succeeded(): void } {
  let key = '';
  let sentBody = '';
  return {
    forBody(body) {
      if (!key || body !== sentBody) {
        // getRandomValues (under randomBytes), not randomUUID: it works on plain-http origins too.
        key = toHex(randomBytes(16));
        sentBody = body;
      }
      return key;
    },
    succeeded() {
      key = '';
    },
  };
}

/**
 * Handle a form's submit with its submit button disabled and the form
 * marked aria-busy until the answer is in, so a double click (or Enter
 * pressed twice) sends one request.
 */
function onSubmitOnce(form: HTMLFormElement, handle: () => Promise<void>): void {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    form.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    try {
      await handle();
    } finally {
      form.removeAttribute('aria-busy');
      for (const b of buttons) b.disabled = false;
    }
  });
}

function errorText(r: { status: number; message: string | undefined }): string {
  return r.message ?? `The server answered ${r.status}.`;
}

type SearchAnswer = { job: JobView | null; recipient: { label: string; items: InboxItem[] } | null };

/** Start the dashboard on the page that has `[data-dashboard]`. */
export function initDashboard(): void {
  const root = document.querySelector<HTMLElement>('[data-dashboard]');
  if (!root) return;
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const chart = createThroughputChart($('[data-chart]'));
  // The chart's window: the snapshot's two minutes, or up to fifteen kept in the page.
  const history = new RateHistory(900);
  const windowSelect = $<HTMLSelectElement>('[data-rate-window]');
  const drawRate = () => {
    const { start, points } = history.window(Number(windowSelect.value));
    chart.update(start, points);
    $('[data-rate-peak]').textContent = int(Math.max(0, ...points));
  };
  windowSelect.addEventListener('change', drawRate);
  const conn = $('[data-conn]');
  // Jobs with a retry or remove in flight: their buttons stay disabled, even in rows re-rendered meanwhile.
  const busyJobs = new Set<string>();
  const setRowBusy = (id: string, busy: boolean) => {
    if (busy) busyJobs.add(id);
    else busyJobs.delete(id);
    for (const b of root.querySelectorAll<HTMLButtonElement>(`[data-failed-job="${CSS.escape(id)}"] button`)) b.disabled = busy;
  };
  const act = async (id: string, action: 'retry' | 'remove') => {
    if (busyJobs.has(id)) return;
    setRowBusy(id, true);
    try {
      const r = action === 'retry' ? await call('POST', `/api/queue/jobs/${encodeURIComponent(id)}/retry`) : await call('DELETE', `/api/queue/jobs/${encodeURIComponent(id)}`);
      conn.textContent = r.ok ? `${action === 'retry' ? 'Retried' : 'Removed'} ${id}.` : errorText(r);
    } finally {
      setRowBusy(id, false);
    }
  };

  const render = (s: QueueSnapshot) => {
    root.dataset.snapshotAt = String(s.at);
    const down = $('[data-redis-down]');
    down.hidden = s.redis.ok || Boolean(root.querySelector('[data-redis-missing]'));
    if (!s.redis.ok) down.textContent = s.redis.message;
    $('[data-paused]').hidden = !s.paused;
    renderCounts($('[data-counts]'), s.counts);
    history.add(s.throughput.start, s.throughput.points);
    drawRate();
    $('[data-rate-now]').textContent = int(s.throughput.points.at(-2) ?? 0);
    renderLatency($('[data-latency]'), s.latency);
    renderCampaigns($('[data-campaigns]'), s.campaigns);
    renderFailed($('[data-failed]'), s.failed, (id, a) => void act(id, a), busyJobs);
    renderWorkers($('[data-workers]'), s.workers, s.at);
    $('[data-redis-mem]').textContent = s.redis.ok ? bytes(s.redis.usedMemoryBytes) : 'Redis unavailable';
  };

  const socket = reconnectingSocket({
    url: () => wsUrl('/ws/queue'),
    onMessage(data) {
      if ((data as QueueSnapshot).type === 'snapshot') render(data as QueueSnapshot);
    },
    onStatus(s, d) {
      root.dataset.conn = s;
      conn.textContent = s === 'live' ? 'Live.' : s === 'reconnecting' ? `Connection lost; reconnecting${d.retryInMs ? ` in ${Math.ceil(d.retryInMs / 1000)} s` : '…'}` : 'Connecting…';
    },
  });
  window.addEventListener('pagehide', () => socket.close());

  for (const [sel, paused] of [['[data-pause]', true], ['[data-resume]', false]] as const) {
    root.querySelector(sel)?.addEventListener('click', async () => {
      const r = await call('POST', paused ? '/api/queue/pause' : '/api/queue/resume');
      conn.textContent = r.ok ? (paused ? 'Queue paused.' : 'Queue resumed.') : errorText(r);
    });
  }

  const sendForm = $<HTMLFormElement>('[data-send-form]');
  const sendKeys = idempotencyKeys();
  onSubmitOnce(sendForm, async () => {
    const f = new FormData(sendForm);
    const msg = $('[data-send-msg]');
    msg.textContent = 'Sending…';
    const body = { recipient: 'me', title: f.get('title'), body: f.get('body'), priority: f.get('priority') };
    const r = await call<{ id: string }>('POST', '/api/notifications', body, { 'idempotency-key': sendKeys.forBody(JSON.stringify(body)) });
    if (r.ok) sendKeys.succeeded();
    msg.textContent = r.ok ? `Queued as ${r.data.id}; watch the bell.` : errorText(r);
    msg.className = `form-msg ${r.ok ? 'ok-text' : 'error-text'}`;
  });

  const loadForm = $<HTMLFormElement>('[data-load-form]');
  const loadKeys = idempotencyKeys();
  onSubmitOnce(loadForm, async () => {
    const f = new FormData(loadForm);
    const msg = $('[data-load-msg]');
    const n = (k: string) => Number(f.get(k));
    msg.textContent = 'Launching…';
    const body = { synthetic: { count: n('count'), priorityMix: { high: n('high'), normal: n('normal'), low: n('low') }, failureRate: n('failureRate') } };
    const r = await call<{ campaign: { id: number; total: number; chunks: number } }>('POST', '/api/notifications/campaigns', body, {
      'idempotency-key': loadKeys.forBody(JSON.stringify(body)),
    });
    if (r.ok) loadKeys.succeeded();
    msg.textContent = r.ok ? `Campaign #${r.data.campaign.id} queued: ${plural(r.data.campaign.total, 'recipient')} in ${plural(r.data.campaign.chunks, 'chunk')}.` : errorText(r);
    msg.className = `form-msg ${r.ok ? 'ok-text' : 'error-text'}`;
  });

  const searchForm = $<HTMLFormElement>('[data-search-form]');
  searchForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = $('[data-search-results]');
    const q = String(new FormData(searchForm).get('q') ?? '');
    const r = await call<SearchAnswer>('GET', `/api/queue/search?q=${encodeURIComponent(q)}`);
    if (!r.ok) return out.replaceChildren(el('p', { class: 'error-text' }, errorText(r)));
    const parts: Node[] = [];
    const job = r.data.job;
    if (job) {
      const { text, error } = jobStateText(job);
      parts.push(el('p', {}, el('strong', {}, `Job ${job.id}`), text, error ? el('span', { class: error.failed ? 'error-text' : 'muted' }, ` ${error.label}`) : ''));
    }
    const rec = r.data.recipient;
    if (rec) {
      parts.push(el('p', {}, el('strong', {}, rec.label), `: ${plural(rec.items.length, 'recent notification')}${rec.items.length ? '' : ' from you'}.`));
      if (rec.items.length) parts.push(el('ul', {}, ...rec.items.map((i) => el('li', {}, el('code', {}, i.id), ` ${i.title} (${i.priority}, ${i.readAt ? 'read' : 'unread'})`))));
    }
    out.replaceChildren(...(parts.length ? parts : [el('p', { class: 'muted' }, `Nothing found for “${q}”.`)]));
  });
}
