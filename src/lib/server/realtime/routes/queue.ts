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

async function push(ws: import('ws').WebSocket, user: User, stats: SharedStats): Promise<void> {
  try {
    const snapshot = await snapshotFor(stats, user);
    sendIfNotBackedUp(ws, JSON.stringify(snapshot), 256 * 1024);
  } catch (err) {
    // The database may be down for a moment: this viewer gets the next tick's snapshot.
    qlog.warn('snapshot failed', { err });
  }
}

let ticking = false;

async function tick(): Promise<void> {
  // A slow database must not pile ticks up: one round of snapshots at a time.
  if (!viewers.size || ticking) return;
  ticking = true;
  try {
    const stats = (last = await gather());
    await Promise.all([...viewers].map(([ws, user]) => push(ws, user, stats)));
  } finally {
    ticking = false;
  }
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
    if (last && Date.now() - last.at < TICK_MS) void push(ws, user, last);
    else void gather().then((s) => push(ws, user, s));
    timer ??= setInterval(() => void tick(), TICK_MS);
  },
};
