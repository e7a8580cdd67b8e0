import type { User } from '../../auth/users';
import { log } from '../../log';
import { gatherSharedStats, snapshotFor, type SharedStats } from '../../notifications/stats';
import { sendIfNotBackedUp } from '../send';
import type { RealtimeRoute } from '../types';

/**
 * `/ws/queue`: the dashboard's feed. Once a second, while anyone watches,
 * this process gathers the queue-wide numbers once and pushes each viewer a
 * full snapshot (their campaigns, their failed jobs; everything for
 * administrators). A viewer too slow to take one simply gets the next.
 */

const qlog = log.child({ mod: 'ws-queue' });
const TICK_MS = 1000;
const viewers = new Map<import('ws').WebSocket, User>();
let timer: NodeJS.Timeout | undefined;
let last: SharedStats | undefined;
let gathering: Promise<SharedStats> | undefined;

function gather(): Promise<SharedStats> {
  gathering ??= gatherSharedStats().finally(() => {
    gathering = undefined;
  });
  return gathering;
}

function push(ws: import('ws').WebSocket, user: User, stats: SharedStats): void {
  try {
    sendIfNotBackedUp(ws, JSON.stringify(snapshotFor(stats, user)), 256 * 1024);
  } catch (err) {
    qlog.warn('snapshot failed', { err });
  }
}

async function tick(): Promise<void> {
  if (!viewers.size) return;
  last = await gather();
  for (const [ws, user] of viewers) push(ws, user, last);
}

/** The route object registered as `/ws/queue`. */
export const queueRoute: RealtimeRoute = {
  auth: 'required',
  scope: 'queue',
  maxPayload: 1024,
  maxPerUser: 10,
  onConnection(ws, ctx) {
    const user = ctx.principal!.user;
    viewers.set(ws, user);
    ws.on('close', () => {
      viewers.delete(ws);
      if (!viewers.size && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    });
    // The first snapshot at once, not a second later.
    if (last && Date.now() - last.at < TICK_MS) push(ws, user, last);
    else void gather().then((s) => push(ws, user, s));
    timer ??= setInterval(() => void tick(), TICK_MS);
  },
};
