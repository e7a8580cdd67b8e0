import os from 'node:os';
import type { Redis } from '../redis/client';
import { redisKey } from '../redis/client';
import type { WorkerStatus } from '../../shared/notifications/types';

/**
 * Live worker processes, by heartbeat: each worker writes its status every few
 * seconds into a sorted set scored by time; a worker missing two beats is
 * counted as gone. The health check and the dashboard read the same set.
 */

/** How often a worker beats. */
export const HEARTBEAT_MS = 5_000;
/** A worker silent for longer than this is considered dead. */
export const HEARTBEAT_TTL_MS = 15_000;

/** The sorted set of live workers. */
export function workersSetKey(): string {
  return redisKey('workers');
}
/** One worker's heartbeat hash. */
export function workerInfoKey(id: string): string {
  return redisKey('worker', id);
}

/** Record one heartbeat. */
export async function writeHeartbeat(redis: Redis, status: WorkerStatus): Promise<void> {
  await redis
    .multi()
    .zAdd(workersSetKey(), { score: status.lastBeatAt, value: status.id })
    .set(workerInfoKey(status.id), JSON.stringify(status), { PX: HEARTBEAT_TTL_MS })
    .exec();
}

/** Remove a worker at clean shutdown so it disappears at once. */
export async function removeHeartbeat(redis: Redis, id: string): Promise<void> {
  await redis.multi().zRem(workersSetKey(), id).del(workerInfoKey(id)).exec();
}

/** Workers that beat within the TTL, oldest first. */
export async function listLiveWorkers(redis: Redis, now = Date.now()): Promise<WorkerStatus[]> {
  await redis.zRemRangeByScore(workersSetKey(), 0, now - HEARTBEAT_TTL_MS);
  const ids = await redis.zRange(workersSetKey(), 0, -1);
  if (!ids.length) return [];
  const raw = await redis.mGet(ids.map(workerInfoKey));
  return raw.flatMap((r) => (r ? [JSON.parse(r) as WorkerStatus] : []));
}

/** A default id for this process's worker. */
export function workerId(): string {
  return `${os.hostname()}:${process.pid}`;
}
