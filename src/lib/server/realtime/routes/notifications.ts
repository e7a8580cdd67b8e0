import type { InboxClientMessage, InboxServerMessage } from '../../../shared/notifications/types';
import { latestSeq, listInbox, unreadCount } from '../../notifications/inbox';
import { subscribeInbox } from '../../notifications/inbox-hub';
import { withTimeout } from '../../notifications/queue';
import { redisConfigured } from '../../redis/client';
import { CLOSE_SLOW_CONSUMER, sendIfNotBackedUp } from '../send';
import type { RealtimeRoute } from '../types';

/**
 * `/ws/notifications`: the caller's live inbox. New notifications arrive as
 * `{"type":"notification"}`; `?after=<seq>` on connect (or a
 * `{"type":"sync","after":<seq>}` message later) sends everything newer
 * than seq first, so a client that lost its connection misses nothing.
 * The subscription is made before the catch-up is read, so nothing falls
 * between the two; the client drops ids it already has.
 */

const SYNC_PAGE = 100;

function parseAfter(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** The route object registered as `/ws/notifications`. */
export const notificationsRoute: RealtimeRoute = {
  auth: 'required',
  scope: 'notifications',
  maxPayload: 4 * 1024,
  maxPerUser: 20,
  onConnection(ws, ctx) {
    const userId = ctx.principal!.user.id;
    const send = (m: InboxServerMessage | string) => {
      if (!sendIfNotBackedUp(ws, typeof m === 'string' ? m : JSON.stringify(m))) {
        if (ws.readyState === ws.OPEN) ws.close(CLOSE_SLOW_CONSUMER, 'slow consumer; reconnect and sync');
      }
    };
    const sync = async (after: number | null): Promise<void> => {
      try {
        const [items, unread, latest] = await Promise.all([
          after === null ? [] : listInbox(userId, { after, limit: SYNC_PAGE }),
          unreadCount(userId),
          latestSeq(userId),
        ]);
        send({ type: 'sync', items, unread, latestSeq: latest, more: items.length === SYNC_PAGE });
      } catch (err) {
        // The database may be down for a moment; the client asks again with its next sync.
        ctx.log.warn('inbox sync failed', { err });
        send({ type: 'error', message: 'The inbox could not be read right now; sync again shortly.' });
      }
    };
    let stop: (() => void) | undefined;
    let closed = false;
    ws.on('close', () => {
      closed = true;
      stop?.();
    });
    ws.on('message', (data, isBinary) => {
      let msg: InboxClientMessage | null = null;
      try {
        msg = isBinary ? null : (JSON.parse(data.toString()) as InboxClientMessage);
      } catch {
        msg = null;
      }
      if (msg?.type === 'sync') {
        const after = parseAfter(msg.after);
        if (after === null) return send({ type: 'error', message: '"after" must be a whole number (a seq from an earlier message).' });
        return void sync(after);
      }
      if (msg?.type === 'ping') return;
      send({ type: 'error', message: 'Send {"type":"sync","after":<seq>} or {"type":"ping"}.' });
    });
    const after = parseAfter(ctx.url.searchParams.get('after'));
    if (!redisConfigured()) {
      send({ type: 'error', message: 'Live delivery needs Redis, which is missing; the inbox still loads.' });
      return void sync(after);
    }
    const pending = subscribeInbox(userId, (raw) => send(raw));
    // Whenever the subscription is made, it ends with the socket.
    pending.then(
      (unsubscribe) => {
        if (closed) unsubscribe();
        else stop = unsubscribe;
      },
      () => undefined,
    );
    // A Redis that is down would leave the subscription pending; the inbox still loads meanwhile.
    withTimeout(pending, 3000, 'Redis').then(
      () => {
        if (!closed) void sync(after);
      },
      (err: unknown) => {
        ctx.log.warn('inbox subscription failed', { err });
        send({ type: 'error', message: 'Live delivery is unavailable right now (Redis); reconnect later.' });
        void sync(after);
      },
    );
  },
};
