import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import type { FailedJobView, JobView } from '../../shared/notifications/types';
import type { User } from '../auth/users';
import { ApiError } from '../http/errors';
import { getRedis, redisKey } from '../redis/client';
import { describeJob } from './jobs';
import { getQueue, NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, withTimeout } from './queue';

/**
 * The dead-letter view and the queue controls: jobs that failed after their
 * last attempt, retried or removed by their owner (or an administrator), and
 * the queue-wide pause and resume, for administrators only.
 */

/** How many failed jobs per queue the view looks at. */
const FAILED_SCAN = 100;

function queues(): Queue[] {
  return [getQueue(NOTIFICATIONS_QUEUE), getQueue(WEBHOOKS_QUEUE)];
}

function toFailedView(job: Job): FailedJobView {
  const d = describeJob(job.name, job.data);
  return {
    id: job.id ?? '',
    name: job.name,
    ownerId: d.ownerId,
    summary: d.summary,
    error: (job.failedReason ?? 'unknown error').slice(0, 300),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ?? null,
  };
}

/** The most recent failed jobs of both queues, newest first (everyone's). */
export async function recentFailed(): Promise<FailedJobView[]> {
  const lists = await withTimeout(Promise.all(queues().map((q) => q.getFailed(0, FAILED_SCAN - 1))));
  return lists
    .flat()
    .filter((j): j is Job => Boolean(j))
    .map(toFailedView)
    .sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0));
}

/** What a viewer may see of a failed list: their own jobs, or all for an administrator. */
export function visibleFailed(all: readonly FailedJobView[], viewer: User, limit = 25): FailedJobView[] {
  return all.filter((j) => viewer.role === 'admin' || j.ownerId === viewer.id).slice(0, limit);
}

/** The 404 for a job that is gone or not the caller's: one wording for both, true for admins too. */
export function noSuchJob(id: string): ApiError {
  return new ApiError(404, 'not_found', `There is no job ${id} that you can see (it may have been removed).`);
}

async function findOwnJob(viewer: User, id: string): Promise<{ job: Job; queue: Queue }> {
  for (const queue of queues()) {
    const job = await withTimeout(queue.getJob(id));
    if (!job) continue;
    const owner = describeJob(job.name, job.data).ownerId;
    // Someone else's job answers like a missing one, so ids cannot be probed.
    if (viewer.role !== 'admin' && owner !== viewer.id) break;
    return { job, queue };
  }
  throw noSuchJob(id);
}

/** How long one retry or remove may hold its job; far above the 5 s queue timeout, so it only matters if a process dies mid-way. */
const ACTION_LOCK_MS = 15_000;

// BullMQ's script error codes (ErrorCode in bullmq/enums): the job vanished, or it was not in the expected set.
const JOB_NOT_EXIST = -1;
const JOB_NOT_IN_STATE = -3;

/**
 * The answer for a BullMQ error that means another request (or a worker) got
 * to the job first: gone is a 404, moved on (no longer failed, or now locked
 * by a worker) is a 409. Anything else is not ours to explain and stays as is.
 */
export function lostRaceError(err: unknown, id: string, verb: 'retried' | 'removed'): ApiError | null {
  if (!(err instanceof Error) || err instanceof ApiError) return null;
  const code = (err as Error & { code?: unknown }).code;
  if (code === JOB_NOT_EXIST || /^Missing key for job /.test(err.message)) return noSuchJob(id);
  if (code === JOB_NOT_IN_STATE || / is not in the \w+ state\b|locked by another worker|^Lock mismatch for job /.test(err.message)) {
    return notFailed(id, 'no longer failed', verb);
  }
  return null;
}

function notFailed(id: string, state: string, verb: 'retried' | 'removed'): ApiError {
  return new ApiError(409, 'not_failed', `Job ${id} is ${state}; only failed jobs can be ${verb}${verb === 'removed' ? ' here' : ''}.`);
}

/** The short lock that lets one retry or remove of a job run at a time. */
export function actionLockKey(queue: string, id: string): string {
  return redisKey('queue-admin', queue, id);
}

/**
 * Check that a job is failed and act on it, one request per job at a time.
 * Two clicks on Retry (or Retry then Remove) arrive together; without the
 * lock both would pass the state check, and the second would retry a job
 * already waiting or remove one that was just put back in the queue.
 */
async function actOnFailed<T>(viewer: User, id: string, verb: 'retried' | 'removed', act: (job: Job) => Promise<T>): Promise<T> {
  const { job, queue } = await findOwnJob(viewer, id);
  const redis = await withTimeout(getRedis());
  const lockKey = actionLockKey(queue.name, id);
  const token = randomUUID();
  const claimed = await withTimeout(redis.set(lockKey, token, { NX: true, PX: ACTION_LOCK_MS }));
  if (claimed !== 'OK') throw notFailed(id, 'being retried or removed by another request', verb);
  try {
    const state = await withTimeout(job.getState());
    // 'unknown' is what getState says for a job removed since getJob found it.
    if (state === 'unknown') throw noSuchJob(id);
    if (state !== 'failed') throw notFailed(id, state, verb);
    return await withTimeout(act(job));
  } catch (err) {
    // A worker may still move the job between our check and BullMQ's own (stalled-job recovery, for one).
    throw lostRaceError(err, id, verb) ?? err;
  } finally {
    // Release only our own lock: after ACTION_LOCK_MS another request may hold it.
    if ((await redis.get(lockKey).catch(() => null)) === token) await redis.del(lockKey).catch(() => undefined);
  }
}

/** Put a failed job back in the queue for another round of attempts. */
export async function retryFailedJob(viewer: User, id: string): Promise<{ id: string; state: string }> {
  await actOnFailed(viewer, id, 'retried', (job) => job.retry('failed', { resetAttemptsMade: true }));
  return { id, state: 'waiting' };
}

/** Remove a failed job from the dead-letter view. */
export async function removeFailedJob(viewer: User, id: string): Promise<{ id: string; removed: true }> {
  await actOnFailed(viewer, id, 'removed', (job) => job.remove());
  return { id, removed: true };
}

/** Pause or resume the whole notification queue (administrators only). */
export async function setPaused(viewer: User, paused: boolean): Promise<{ paused: boolean }> {
  if (viewer.role !== 'admin') throw new ApiError(403, 'forbidden', 'Pausing and resuming the queue needs the administrator role.');
  const q = getQueue(NOTIFICATIONS_QUEUE);
  await withTimeout(paused ? q.pause() : q.resume());
  return { paused };
}

/** Look a job up by id (the viewer's own, or any for an administrator). */
export async function findJobView(viewer: User, id: string): Promise<JobView | null> {
  try {
    const { job, queue } = await findOwnJob(viewer, id);
    return {
      id,
      queue: queue.name,
      name: job.name,
      state: await withTimeout(job.getState()),
      summary: describeJob(job.name, job.data).summary,
      attempts: job.attemptsMade,
      error: job.failedReason ?? null,
      createdAt: job.timestamp,
      startedAt: job.processedOn ?? null,
      finishedAt: job.finishedOn ?? null,
    };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
