import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/server/http/errors';
import { requireCaller } from '../../../../../lib/server/notifications/http';
import { retryFailedJob } from '../../../../../lib/server/notifications/queue-admin';
import { assertRedis } from '../../../../../lib/server/notifications/queue';
import { jobIdParam } from '../../../../../lib/server/notifications/job-id';

/** POST /api/queue/jobs/<id>/retry: give a failed job another round of attempts. */
export const POST: APIRoute = async ({ locals, params }) => {
  const user = requireCaller(locals, 'queue');
  assertRedis();
  return json(await retryFailedJob(user, jobIdParam(params.id)));
};
