import { PRIORITIES, type LatencyStats, type Priority } from '../../shared/notifications/types';
import { observeDeliveries } from '../metrics/jobs';
import { redisKey, type Redis } from '../redis/client';

/**
 * Pipeline metrics kept in Redis so every process sees the same numbers:
 * delivered notifications per second (one counter per second, expiring after
 * 15 minutes) and the enqueue-to-delivered latency of recent deliveries (a
 * capped list per priority).
 */

const TPUT_TTL_S = 900;
const LATENCY_SAMPLES = 500;
/** Latency samples older than this are ignored. */
const LATENCY_WINDOW_MS = 5 * 60_000;

/** Deliveries counted in one second. */
export function throughputKey(second: number): string {
  return redisKey('notif', 'tput', second);
}
/** Recent latency samples of one priority. */
export function latencyKey(p: Priority): string {
  return redisKey('notif', 'lat', p);
}

/** Count `count` deliveries made now, and one latency sample for them. */
export async function recordDelivery(redis: Redis, count: number, priority: Priority, latencyMs: number, now = Date.now()): Promise<void> {
  observeDeliveries(priority, count, latencyMs);
  const second = Math.floor(now / 1000);
  const m = redis.multi();
  if (count > 0) m.incrBy(throughputKey(second), count).expire(throughputKey(second), TPUT_TTL_S);
  m.lPush(latencyKey(priority), `${now}:${Math.max(0, Math.round(latencyMs))}`).lTrim(latencyKey(priority), 0, LATENCY_SAMPLES - 1);
  await m.exec();
}

/** Delivered per second for the `seconds` seconds ending at `now` (oldest first). */
export async function readThroughput(redis: Redis, now = Date.now(), seconds = 120): Promise<{ start: number; points: number[] }> {
  const last = Math.floor(now / 1000);
  const start = last - seconds + 1;
  const keys = Array.from({ length: seconds }, (_, i) => throughputKey(start + i));
  const values = await redis.mGet(keys);
  return { start, points: values.map((v) => Number(v ?? 0)) };
}

/** The p-th percentile (0..100) of sorted numbers, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)]!;
}

/** Latency percentiles of the last five minutes, per priority. */
export async function readLatency(redis: Redis, now = Date.now()): Promise<Record<Priority, LatencyStats>> {
  const lists = await Promise.all(PRIORITIES.map((p) => redis.lRange(latencyKey(p), 0, -1)));
  const out = {} as Record<Priority, LatencyStats>;
  PRIORITIES.forEach((p, i) => {
    const ms = lists[i]!.map((s) => s.split(':').map(Number) as [number, number])
      .filter(([at]) => now - at <= LATENCY_WINDOW_MS)
      .map(([, v]) => v)
      .sort((a, b) => a - b);
    out[p] = { samples: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
  });
  return out;
}
