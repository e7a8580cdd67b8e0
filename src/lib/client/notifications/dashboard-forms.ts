import type { InboxItem, JobView } from '../../shared/notifications/types';
import { call, errorText, idempotencyKeys, onSubmitOnce } from './dashboard-api';
import { el, jobStateText, plural } from './format';

/**
 * The dashboard's forms: send one notification to yourself, launch a load
 * test, search for a job or a recipient. `$` finds an element of the page.
 */

type Find = <T extends HTMLElement>(sel: string) => T;

type SearchAnswer = { job: JobView | null; recipient: { label: string; items: InboxItem[] } | null };

/** Put a call's outcome under its form. */
function say(msg: HTMLElement, ok: boolean, text: string): void {
  msg.textContent = text;
  msg.className = `form-msg ${ok ? 'ok-text' : 'error-text'}`;
}

/** "Send yourself a notification". */
export function wireSendForm($: Find): void {
  const form = $<HTMLFormElement>('[data-send-form]');
  const keys = idempotencyKeys();
  onSubmitOnce(form, async () => {
    const f = new FormData(form);
    const msg = $('[data-send-msg]');
    msg.textContent = 'Sending…';
    const body = { recipient: 'me', title: f.get('title'), body: f.get('body'), priority: f.get('priority') };
    const r = await call<{ id: string }>('POST', '/api/notifications', body, { 'idempotency-key': keys.forBody(JSON.stringify(body)) });
    if (r.ok) keys.succeeded();
    say(msg, r.ok, r.ok ? `Queued as ${r.data.id}; watch the bell.` : errorText(r));
  });
}

/** "Load test": a synthetic campaign. */
export function wireLoadForm($: Find): void {
  const form = $<HTMLFormElement>('[data-load-form]');
  const keys = idempotencyKeys();
  onSubmitOnce(form, async () => {
    const f = new FormData(form);
    const msg = $('[data-load-msg]');
    const n = (k: string) => Number(f.get(k));
    msg.textContent = 'Launching…';
    const body = {
      synthetic: { count: n('count'), priorityMix: { high: n('high'), normal: n('normal'), low: n('low') }, failureRate: n('failureRate') },
    };
    const r = await call<{ campaign: { id: number; total: number; chunks: number } }>('POST', '/api/notifications/campaigns', body, {
      'idempotency-key': keys.forBody(JSON.stringify(body)),
    });
    if (r.ok) keys.succeeded();
    say(
      msg,
      r.ok,
      r.ok
        ? `Campaign #${r.data.campaign.id} queued: ${plural(r.data.campaign.total, 'recipient')} in ${plural(r.data.campaign.chunks, 'chunk')}.`
        : errorText(r),
    );
  });
}

/** "Find a job or a recipient". */
export function wireSearchForm($: Find): void {
  const form = $<HTMLFormElement>('[data-search-form]');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = String(new FormData(form).get('q') ?? '');
    void search(q).then((parts) => $('[data-search-results]').replaceChildren(...parts));
  });
}

/** What the search finds for `q`, as paragraphs. */
async function search(q: string): Promise<Node[]> {
  const r = await call<SearchAnswer>('GET', `/api/queue/search?q=${encodeURIComponent(q)}`);
  if (!r.ok) return [el('p', { class: 'error-text' }, errorText(r))];
  const parts: Node[] = [];
  const job = r.data.job;
  if (job) {
    const { text, error } = jobStateText(job);
    parts.push(
      el(
        'p',
        {},
        el('strong', {}, `Job ${job.id}`),
        text,
        error ? el('span', { class: error.failed ? 'error-text' : 'muted' }, ` ${error.label}`) : '',
      ),
    );
  }
  const rec = r.data.recipient;
  if (rec) {
    parts.push(
      el('p', {}, el('strong', {}, rec.label), `: ${plural(rec.items.length, 'recent notification')}${rec.items.length ? '' : ' from you'}.`),
    );
    if (rec.items.length)
      parts.push(
        el('ul', {}, ...rec.items.map((i) => el('li', {}, el('code', {}, i.id), ` ${i.title} (${i.priority}, ${i.readAt ? 'read' : 'unread'})`))),
      );
  }
  return parts.length ? parts : [el('p', { class: 'muted' }, `Nothing found for “${q}”.`)];
}
