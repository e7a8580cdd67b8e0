import type { InboxServerMessage } from '../../shared/notifications/types';
import { BellInbox, type BellStart } from './bell-inbox';
import { bellItem } from './bell-item';
import { wireBellPanel } from './bell-panel';
import { reconnectingSocket, wsUrl, type SocketStatus } from './reconnecting-socket';

/**
 * The header bell: keeps the unread count and the latest notifications in
 * step with the server. It connects to /ws/notifications with the newest seq
 * it has seen, so after any drop the server sends what was missed before
 * anything new; items are keyed by id, so nothing shows twice.
 */

/** The bell's elements, rendered by NotificationBell.astro. */
interface BellParts {
  root: HTMLElement;
  list: HTMLOListElement;
  count: HTMLElement;
  label: HTMLElement;
  status: HTMLElement;
  empty: HTMLElement;
}

/** Wire up the bell rendered by NotificationBell.astro (no-op when absent). */
export function initBell(): void {
  const root = document.querySelector<HTMLElement>('[data-bell]');
  if (!root || root.dataset.ready) return;
  root.dataset.ready = '1';
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const parts: BellParts = {
    root,
    list: q('[data-bell-list]'),
    count: q('[data-bell-count]'),
    label: q('[data-bell-label]'),
    status: q('[data-bell-status]'),
    empty: q('[data-bell-empty]'),
  };
  const inbox = new BellInbox(JSON.parse(q<HTMLScriptElement>('[data-bell-initial]').textContent || '{}') as BellStart);
  // Items whose whole body the reader asked to see; kept across re-renders.
  const expanded = new Set<string>();
  const render = () => renderBell(parts, inbox, expanded, (ids) => void markRead(ids));
  const markRead = async (ids: string[] | 'all') => {
    const unread = await postRead(ids);
    if (unread === null) return;
    inbox.markRead(ids, unread);
    render();
  };

  const socket = reconnectingSocket({
    url: () => wsUrl(`/ws/notifications?after=${inbox.cursor}`),
    onMessage(data, ws) {
      const m = data as InboxServerMessage;
      if (m.type === 'error') parts.status.textContent = 'no live updates';
      else if (applyMessage(inbox, m, ws)) render();
    },
    onStatus(s: SocketStatus, d) {
      root.dataset.status = s;
      parts.status.textContent =
        s === 'live' ? 'live' : s === 'reconnecting' ? `reconnecting${d.retryInMs ? ` in ${Math.ceil(d.retryInMs / 1000)} s` : '…'}` : s;
    },
  });
  wireBellPanel(root, q('[data-bell-toggle]'), q('[data-bell-panel]'));
  q<HTMLButtonElement>('[data-bell-all]').addEventListener('click', () => void markRead('all'));
  window.addEventListener('pagehide', () => socket.close());
  render();
}

/** Take in one message from the inbox socket; true when the list needs drawing again. */
function applyMessage(inbox: BellInbox, m: Exclude<InboxServerMessage, { type: 'error' }>, ws: WebSocket): boolean {
  switch (m.type) {
    case 'sync':
      for (const i of m.items) inbox.add(i);
      inbox.unread = m.unread;
      if (m.more) ws.send(JSON.stringify({ type: 'sync', after: inbox.cursor }));
      return true;
    case 'notification':
      if (inbox.add(m.item) && m.item.readAt === null) inbox.unread++;
      return true;
    case 'read':
      inbox.markRead(m.ids, m.unread);
      return true;
  }
}

/** Draw the unread count and the newest items. */
function renderBell(p: BellParts, inbox: BellInbox, expanded: Set<string>, markRead: (ids: string[]) => void): void {
  const unread = inbox.unread;
  p.count.hidden = unread === 0;
  p.count.textContent = unread > 99 ? '99+' : String(unread);
  p.label.textContent = `Notifications, ${unread} unread`;
  p.root.dataset.unread = String(unread);
  p.list.replaceChildren(...inbox.newest().map((i) => bellItem(i, expanded, (id) => markRead([id]))));
  p.empty.hidden = !inbox.empty;
}

/** Tell the server these notifications were read; its new unread count, or null when it refused. */
async function postRead(ids: string[] | 'all'): Promise<number | null> {
  const res = await fetch('/api/notifications/read', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ids === 'all' ? { all: true } : { ids }),
  });
  if (!res.ok) return null;
  return ((await res.json()) as { unread: number }).unread;
}
