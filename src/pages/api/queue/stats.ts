import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/errors';
import { requireCaller } from '../../../lib/server/notifications/http';
import { gatherSharedStats, snapshotFor } from '../../../lib/server/notifications/stats';

/**
 * GET /api/queue/stats: the same snapshot `/ws/queue` pushes every second:
 * counts per state, throughput, latency percentiles, workers, the caller's
 * campaigns and failed jobs (everyone's for administrators). When Redis is
 * missing it still answers 200, with `redis.ok` false and how to fix it.
 */
export const GET: APIRoute = async ({ locals }) => {
  const user = requireCaller(locals, 'queue');
  return json(await snapshotFor(await gatherSharedStats(), user));
};
