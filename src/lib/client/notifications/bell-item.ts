import type { InboxItem } from '../../shared/notifications/types';
import { ago, el } from './format';

/** Bodies longer than about three lines of the panel get a "Show all" toggle (the CSS clamps them to three). */
const CLAMP_CHARS = 120;

/**
 * One notification in the bell's list. `expanded` holds the ids whose whole
 * body the reader asked to see; it outlives the re-render every message causes.
 */
export function bellItem(i: InboxItem, expanded: Set<string>, onMarkRead: (id: string) => void): HTMLLIElement {
  const li = el('li', { class: `bell-item${i.readAt === null ? ' unread' : ''}`, 'data-id': i.id });
  li.append(el('span', { class: 'bell-title' }, i.title));
  if (i.body) li.append(...bodyWithToggle(i, expanded));
  const row = el('span', { class: 'bell-row' }, el('span', { class: 'bell-meta' }, `${i.priority} · ${ago(i.deliveredAt)}`));
  if (i.readAt === null) {
    const b = el('button', { type: 'button', class: 'secondary', 'aria-label': `Mark "${i.title.slice(0, 40)}" read` }, 'Mark read');
    b.addEventListener('click', () => onMarkRead(i.id));
    row.append(b);
  }
  li.append(row);
  return li;
}

/** The body, clamped to three lines, with a "Show all" button when it is longer. */
function bodyWithToggle(i: InboxItem, expanded: Set<string>): HTMLElement[] {
  const open = expanded.has(i.id);
  const body = el('span', { class: `bell-body${open ? ' expanded' : ''}`, id: `bell-body-${i.id}`, title: i.body }, i.body);
  if (i.body.length <= CLAMP_CHARS && i.body.split('\n').length <= 3) return [body];
  const more = el(
    'button',
    { type: 'button', class: 'link-button', 'aria-expanded': String(open), 'aria-controls': body.id },
    open ? 'Show less' : 'Show all',
  );
  // Toggled in place, not re-rendered: the button keeps focus, and the
  // outside-click handler still finds it inside the panel.
  more.addEventListener('click', () => {
    const now = !expanded.has(i.id);
    if (now) expanded.add(i.id);
    else expanded.delete(i.id);
    body.classList.toggle('expanded', now);
    more.setAttribute('aria-expanded', String(now));
    more.textContent = now ? 'Show less' : 'Show all';
  });
  return [body, more];
}
