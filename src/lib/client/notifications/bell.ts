import type { InboxItem, InboxServerMessage } from '../../shared/notifications/types';
import { ago, el } from './format';
import { reconnectingSocket, wsUrl, type SocketStatus } from './reconnecting-socket';

/**
 * The header bell: keeps the unread count and the latest notifications in
 * step with the server. It connects to /ws/notifications with the newest seq
 * it has seen, so after any drop the server sends what was missed before
 * anything new; items are keyed by id, so nothing shows twice.
 */

const SHOWN = 8;
/** Bodies longer than about three lines of the panel get a "Show all" toggle (the CSS clamps them to three). */
const CLAMP_CHARS = 120;

/** Wire up the bell rendered by NotificationBell.astro (no-op when absent). */
export function initBell(): void {
  const root = document.querySelector<HTMLElement>('[data-bell]');
  if (!root || root.dataset.ready) return;
  root.dataset.ready = '1';
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const toggle = q<HTMLButtonElement>('[data-bell-toggle]');
  const panel = q<HTMLElement>('[data-bell-panel]');
  const list = q<HTMLOListElement>('[data-bell-list]');
  const count = q<HTMLElement>('[data-bell-count]');
  const label = q<HTMLElement>('[data-bell-label]');
  const status = q<HTMLElement>('[data-bell-status]');
  const empty = q<HTMLElement>('[data-bell-empty]');
  const initial = JSON.parse(q<HTMLScriptElement>('[data-bell-initial]').textContent || '{}') as { items: InboxItem[]; unread: number; latestSeq: number };

  const items = new Map<string, InboxItem>(initial.items.map((i) => [i.id, i]));
  let unread = initial.unread;
  let cursor = initial.latestSeq;
  // Items whose whole body the reader asked to see; kept across the re-renders every message causes.
  const expanded = new Set<string>();

  const render = () => {
    count.hidden = unread === 0;
    count.textContent = unread > 99 ? '99+' : String(unread);
    label.textContent = `Notifications, ${unread} unread`;
    root.dataset.unread = String(unread);
    const newest = [...items.values()].sort((a, b) => b.seq - a.seq).slice(0, SHOWN);
    list.replaceChildren(
      ...newest.map((i) => {
        const li = el('li', { class: `bell-item${i.readAt === null ? ' unread' : ''}`, 'data-id': i.id });
        li.append(el('span', { class: 'bell-title' }, i.title));
        if (i.body) {
          const open = expanded.has(i.id);
          const body = el('span', { class: `bell-body${open ? ' expanded' : ''}`, id: `bell-body-${i.id}`, title: i.body }, i.body);
          li.append(body);
          if (i.body.length > CLAMP_CHARS || i.body.split('\n').length > 3) {
            const more = el('button', { type: 'button', class: 'link-button', 'aria-expanded': String(open), 'aria-controls': body.id }, open ? 'Show less' : 'Show all');
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
            li.append(more);
          }
        }
        const row = el('span', { class: 'bell-row' }, el('span', { class: 'bell-meta' }, `${i.priority} · ${ago(i.deliveredAt)}`));
        if (i.readAt === null) {
          const b = el('button', { type: 'button', class: 'secondary', 'aria-label': `Mark "${i.title.slice(0, 40)}" read` }, 'Mark read');
          b.addEventListener('click', () => void markRead([i.id]));
          row.append(b);
        }
        li.append(row);
        return li;
      }),
    );
    empty.hidden = items.size > 0;
  };

  const markRead = async (ids: string[] | 'all') => {
    const res = await fetch('/api/notifications/read', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ids === 'all' ? { all: true } : { ids }),
    });
    if (!res.ok) return;
    const body = (await res.json()) as { unread: number };
    applyRead(ids, body.unread);
  };

  const applyRead = (ids: string[] | 'all', newUnread: number) => {
    const now = Date.now();
    for (const i of items.values()) if (i.readAt === null && (ids === 'all' || ids.includes(i.id))) i.readAt = now;
    unread = newUnread;
    render();
  };

  const add = (i: InboxItem) => {
    cursor = Math.max(cursor, i.seq);
    if (items.has(i.id)) return false;
    items.set(i.id, i);
    // Keep memory bounded on a page left open for days.
    if (items.size > SHOWN * 4) {
      const oldest = [...items.values()].sort((a, b) => a.seq - b.seq).slice(0, items.size - SHOWN * 2);
      for (const o of oldest) items.delete(o.id);
    }
    return true;
  };

  const socket = reconnectingSocket({
    url: () => wsUrl(`/ws/notifications?after=${cursor}`),
    onMessage(data, ws) {
      const m = data as InboxServerMessage;
      if (m.type === 'sync') {
        for (const i of m.items) add(i);
        unread = m.unread;
        if (m.more) ws.send(JSON.stringify({ type: 'sync', after: cursor }));
        render();
      } else if (m.type === 'notification') {
        if (add(m.item) && m.item.readAt === null) unread++;
        render();
      } else if (m.type === 'read') {
        applyRead(m.ids, m.unread);
      } else if (m.type === 'error') {
        status.textContent = 'no live updates';
      }
    },
    onStatus(s: SocketStatus, d) {
      root.dataset.status = s;
      status.textContent = s === 'live' ? 'live' : s === 'reconnecting' ? `reconnecting${d.retryInMs ? ` in ${Math.ceil(d.retryInMs / 1000)} s` : '…'}` : s;
    },
  });

  // Small screens: the panel spans the viewport just below the header (which
  // wraps to two rows there), so it never covers the bell or the header.
  const narrow = window.matchMedia('(max-width: 560px)');
  const header = root.closest('header');
  const place = () => {
    if (panel.hidden) return;
    if (!narrow.matches || !header) {
      panel.style.removeProperty('top');
      panel.style.removeProperty('max-height');
      return;
    }
    const top = Math.max(header.getBoundingClientRect().bottom, 0) + 6;
    panel.style.top = `${top}px`;
    panel.style.maxHeight = `${Math.max(window.innerHeight - top - 12, 160)}px`;
  };
  const setOpen = (open: boolean, opts: { focus?: 'panel' | 'toggle' } = {}) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    place();
    // Opening moves focus into the panel (its label is read out); closing with Esc returns it to the bell.
    if (opts.focus === 'panel') panel.focus();
    if (opts.focus === 'toggle') toggle.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden, { focus: panel.hidden ? 'panel' : undefined }));
  window.addEventListener('resize', place);
  window.addEventListener('scroll', place, { passive: true });
  // On the document: the focused button may have just been re-rendered away.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) {
      setOpen(false, { focus: 'toggle' });
    }
  });
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !root.contains(e.target as Node)) setOpen(false);
  });
  q<HTMLButtonElement>('[data-bell-all]').addEventListener('click', () => void markRead('all'));
  window.addEventListener('pagehide', () => socket.close());
  render();
}
