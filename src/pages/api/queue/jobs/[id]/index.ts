import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/server/http/errors';
import { requireCaller } from '../../../../../lib/server/notifications/http';
import { findJobView, noSuchJob, removeFailedJob } from '../../../../../lib/server/notifications/queue-admin';
import { assertRedis } from '../../../../../lib/server/notifications/queue';
import { jobIdParam } from '../../../../../lib/server/notifications/job-id';

/** GET /api/queue/jobs/<id>: one job's state; DELETE: remove a failed job from the dead-letter view. */
export const GET: APIRoute = async ({ locals, params }) => {
  const user = requireCaller(locals, 'queue');
  assertRedis();
  const id = jobIdParam(params.id);
  const job = await findJobView(user, id);
  if (!job) throw noSuchJob(id);
  return json({ job });
};

export const DELETE: APIRoute = async ({ locals, params }) => {
  const user = requireCaller(locals, 'queue');
  assertRedis();
  return json(await removeFailedJob(user, jobIdParam(params.id)));
};
