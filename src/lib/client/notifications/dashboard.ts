import type { QueueSnapshot } from '../../shared/notifications/types';
import { call, errorText } from './dashboard-api';
import { wireLoadForm, wireSearchForm, wireSendForm } from './dashboard-forms';
import { SnapshotView } from './dashboard-snapshot';
import { reconnectingSocket, wsUrl, type SocketStatus } from './reconnecting-socket';

/**
 * The dashboard page: renders each snapshot pushed on /ws/queue and wires
 * the forms and buttons to the notification API (same-origin, cookie).
 */

/** Start the dashboard on the page that has `[data-dashboard]`. */
export function initDashboard(): void {
  const root = document.querySelector<HTMLElement>('[data-dashboard]');
  if (!root) return;
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  // One line under the heading says how the connection and the last action went.
  const conn = $('[data-conn]');
  const tell = (text: string) => (conn.textContent = text);
  const view = new SnapshotView(root, $, tell);
  const socket = reconnectingSocket({
    url: () => wsUrl('/ws/queue'),
    onMessage(data) {
      if ((data as QueueSnapshot).type === 'snapshot') view.render(data as QueueSnapshot);
    },
    onStatus(s, d) {
      root.dataset.conn = s;
      tell(connectionText(s, d.retryInMs));
    },
  });
  window.addEventListener('pagehide', () => socket.close());
  wirePauseResume(root, tell);
  wireSendForm($);
  wireLoadForm($);
  wireSearchForm($);
}

function connectionText(s: SocketStatus, retryInMs: number | undefined): string {
  if (s === 'live') return 'Live.';
  if (s === 'reconnecting') return `Connection lost; reconnecting${retryInMs ? ` in ${Math.ceil(retryInMs / 1000)} s` : '…'}`;
  return 'Connecting…';
}

/** The Pause and Resume buttons, where the page has them. */
function wirePauseResume(root: HTMLElement, tell: (text: string) => void): void {
  for (const [sel, paused] of [
    ['[data-pause]', true],
    ['[data-resume]', false],
  ] as const) {
    root.querySelector(sel)?.addEventListener('click', () => {
      void call('POST', paused ? '/api/queue/pause' : '/api/queue/resume').then((r) =>
        tell(r.ok ? (paused ? 'Queue paused.' : 'Queue resumed.') : errorText(r)),
      );
    });
  }
}
