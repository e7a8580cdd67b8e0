import {
  PRIORITIES,
  type FailedJobView,
  type LatencyStats,
  type Priority,
  type QueueCounts,
  type QueueSnapshot,
  type WorkerStats,
} from '../../shared/notifications/types';
import type { User } from '../auth/users';
import { listLiveWorkers } from '../queue/worker-registry';
import { getRedis, redisConfigured, REDIS_MISSING_HELP } from '../redis/client';
import { listCampaignViews } from './campaigns';
import { readLatency, readThroughput } from './metrics';
import { recentFailed, visibleFailed } from './queue-admin';
import { getQueue, NOTIFICATIONS_QUEUE, withTimeout } from './queue';

/**
 * The dashboard snapshot: the queue-wide part is gathered once (per second
 * by the `/ws/queue` broadcaster) and each viewer gets it with their own
 * campaigns and failed jobs (all of them for administrators).
 */

/** The part of a snapshot that is the same for every viewer. */
export interface SharedStats {
  at: number;
  redis: QueueSnapshot['redis'];
  paused: boolean;
  counts: QueueCounts | null;
  throughput: QueueSnapshot['throughput'];
  latency: Record<Priority, LatencyStats>;
  workers: WorkerStats[];
  failed: FailedJobView[];
}

function emptyLatency(): Record<Priority, LatencyStats> {
  return Object.fromEntries(PRIORITIES.map((p) => [p, { samples: 0, p50: null, p95: null, p99: null }])) as Record<Priority, LatencyStats>;
}

function usedMemory(info: string): number | null {
  const m = /^used_memory:(\d+)/m.exec(info);
  return m ? Number(m[1]) : null;
}

/** Gather the queue-wide numbers; a missing or unreachable Redis gives a snapshot that says so. */
export async function gatherSharedStats(now = Date.now(), throughputSeconds = 120): Promise<SharedStats> {
  const down = (message: string): SharedStats => ({
    at: now,
    redis: { ok: false, message },
    paused: false,
    counts: null,
    throughput: { start: Math.floor(now / 1000) - throughputSeconds + 1, points: new Array<number>(throughputSeconds).fill(0) },
    latency: emptyLatency(),
    workers: [],
    failed: [],
  });
  if (!redisConfigured()) return down(`Redis is missing, so the queue is off. ${REDIS_MISSING_HELP}`);
  try {
    const redis = await withTimeout(getRedis(), 2000, 'Redis');
    const q = getQueue(NOTIFICATIONS_QUEUE);
    const [counts, paused, throughput, latency, workers, info, failed] = await withTimeout(
      Promise.all([
        q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'),
        q.isPaused(),
        readThroughput(redis, now, throughputSeconds),
        readLatency(redis, now),
        listLiveWorkers(redis, now),
        redis.info('memory'),
        recentFailed(),
      ]),
      3000,
      'Redis',
    );
    return {
      at: now,
      redis: { ok: true, usedMemoryBytes: usedMemory(info) },
      paused,
      counts: { waiting: 0, prioritized: 0, active: 0, delayed: 0, completed: 0, failed: 0, ...counts },
      throughput,
      latency,
      workers: workers.map((w) => ({
        id: w.id,
        pid: w.pid,
        host: w.host,
        startedAt: w.startedAt,
        lastBeatAt: w.lastBeatAt,
        processed: w.processed,
        failed: w.failed,
        rssBytes: w.rssBytes,
      })),
      failed,
    };
  } catch (err) {
    return down(`Redis is not answering: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The snapshot one viewer sees. */
export async function snapshotFor(shared: SharedStats, viewer: User): Promise<QueueSnapshot> {
  const admin = viewer.role === 'admin';
  return {
    type: 'snapshot',
    at: shared.at,
    redis: shared.redis,
    paused: shared.paused,
    counts: shared.counts,
    throughput: shared.throughput,
    latency: shared.latency,
    // Host names and pids describe our machines: administrators only.
    workers: shared.workers.map(({ id: _id, host, pid, ...w }, i) => ({ ...w, label: admin ? `${host}:${pid}` : `worker ${i + 1}` })),
    campaigns: await listCampaignViews(admin ? null : viewer.id, 8, shared.at),
    failed: visibleFailed(shared.failed, viewer),
    admin,
  };
}
