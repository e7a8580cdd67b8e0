import { checkDatabase } from './db/database';
import { listLiveWorkers } from './queue/worker-registry';
import { checkRedis, getRedis, REDIS_MISSING_HELP } from './redis/client';
import { VERSION } from './version';

/**
 * The health report behind `GET /api/health`: each part is `"ok"` or
 * `"down"`, with the reason for every part that is down under `reasons`, and
 * the whole is `"degraded"` when any part is down. The web server keeps
 * serving pages whatever this says.
 */

export type PartStatus = 'ok' | 'down';
type PartName = 'db' | 'redis' | 'worker';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: PartStatus;
  redis: PartStatus;
  worker: PartStatus;
  reasons: Partial<Record<PartName, string>>;
  workers: number;
  version: string;
}

async function liveWorkerCount(): Promise<{ count: number } | { error: string }> {
  try {
    return { count: (await listLiveWorkers(await getRedis())).length };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Check every part and build the report. */
export async function healthReport(): Promise<HealthReport> {
  const reasons: HealthReport['reasons'] = {};
  const dbCheck = await checkDatabase();
  if (!dbCheck.ok) reasons.db = dbCheck.reason;
  const redisCheck = await checkRedis();
  if (!redisCheck.ok) reasons.redis = redisCheck.reason;
  let workers = 0;
  if (!redisCheck.ok) {
    reasons.worker = `workers need Redis. ${REDIS_MISSING_HELP}`;
  } else {
    const live = await liveWorkerCount();
    if ('error' in live) reasons.worker = live.error;
    else if (live.count === 0) reasons.worker = 'no worker process has reported in the last 15 s; `npm start` runs WORKERS of them';
    else workers = live.count;
  }
  const part = (name: PartName): PartStatus => (reasons[name] ? 'down' : 'ok');
  const status = Object.keys(reasons).length ? 'degraded' : 'ok';
  return { status, db: part('db'), redis: part('redis'), worker: part('worker'), reasons, workers, version: VERSION };
}
