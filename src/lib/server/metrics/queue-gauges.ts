import { getQueue, NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, withTimeout } from '../notifications/queue';
import { listLiveWorkers } from '../queue/worker-registry';
import { getRedis, redisConfigured } from '../redis/client';
import { gauge } from './registry';

/**
 * Queue gauges read from Redis at scrape time, so one scrape of any web
 * process shows the whole queue (every process sees the same Redis): jobs
 * waiting (prioritized included), active, failed and delayed per queue,
 * live workers by heartbeat, and whether Redis answered at all. One read
 * serves all three gauges of a scrape; a scrape never waits more than 2 s.
 */

const QUEUES = [NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE] as const;
const STATES = ['waiting', 'active', 'failed', 'delayed'] as const;

interface QueueState {
  ok: boolean;
  counts: Record<string, Record<(typeof STATES)[number], number>>;
  workers: number;
}

let pending: { at: number; state: Promise<QueueState> } | undefined;

async function readOnce(): Promise<QueueState> {
  if (!redisConfigured()) return { ok: false, counts: {}, workers: 0 };
  try {
    return await withTimeout(
      (async () => {
        const counts: QueueState['counts'] = {};
        await Promise.all(
          QUEUES.map(async (name) => {
            const c = await getQueue(name).getJobCounts('waiting', 'prioritized', 'active', 'failed', 'delayed');
            counts[name] = {
              waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
              active: c.active ?? 0,
              failed: c.failed ?? 0,
              delayed: c.delayed ?? 0,
            };
          }),
        );
        const workers = (await listLiveWorkers(await getRedis())).length;
        return { ok: true, counts, workers };
      })(),
      2000,
      'Redis',
    );
  } catch {
    return { ok: false, counts: {}, workers: 0 };
  }
}

/** The queue state for this scrape (shared by the gauges collected in the same second). */
function readQueueState(): Promise<QueueState> {
  const now = Date.now();
  if (!pending || now - pending.at > 1000) pending = { at: now, state: readOnce() };
  return pending.state;
}

let enabled = false;

/** Register the queue gauges (web processes only: workers need not read the whole queue on every scrape). */
export function enableQueueGauges(): void {
  if (enabled) return;
  enabled = true;
  gauge(
    'queue_jobs',
    'Jobs per queue and state (waiting includes prioritized), read from Redis at scrape time.',
    ['queue', 'state'],
    async function () {
      const s = await readQueueState();
      this.reset();
      for (const [queue, counts] of Object.entries(s.counts)) for (const state of STATES) this.labels(queue, state).set(counts[state]);
    },
  );
  gauge('queue_workers_alive', 'Worker processes with a fresh heartbeat in Redis.', [], async function () {
    this.set((await readQueueState()).workers);
  });
  gauge('queue_redis_up', '1 when Redis answered the queue read of this scrape, else 0.', [], async function () {
    this.set((await readQueueState()).ok ? 1 : 0);
  });
}
