import type { Job, Queue } from 'bullmq';
import type { FailedJobView } from '../../shared/notifications/types';
import type { User } from '../auth/users';
import { ApiError } from '../http/errors';
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

async function findOwnJob(viewer: User, id: string): Promise<{ job: Job; queue: Queue }> {
  for (const queue of queues()) {
    const job = await withTimeout(queue.getJob(id));
    if (!job) continue;
    const owner = describeJob(job.name, job.data).ownerId;
    // Someone else's job answers like a missing one, so ids cannot be probed.
    if (viewer.role !== 'admin' && owner !== viewer.id) break;
    return { job, queue };
  }
  throw new ApiError(404, 'not_found', `No job ${id} of yours.`);
}

/** Put a failed job back in the queue for another round of attempts. */
export async function retryFailedJob(viewer: User, id: string): Promise<{ id: string; state: string }> {
  const { job } = await findOwnJob(viewer, id);
  const state = await withTimeout(job.getState());
  if (state !== 'failed') throw new ApiError(409, 'not_failed', `Job ${id} is ${state}; only failed jobs can be retried.`);
  await withTimeout(job.retry('failed', { resetAttemptsMade: true }));
  return { id, state: 'waiting' };
}

/** Remove a failed job from the dead-letter view. */
export async function removeFailedJob(viewer: User, id: string): Promise<{ id: string; removed: true }> {
  const { job } = await findOwnJob(viewer, id);
  const state = await withTimeout(job.getState());
  if (state !== 'failed') throw new ApiError(409, 'not_failed', `Job ${id} is ${state}; only failed jobs can be removed here.`);
  await withTimeout(job.remove());
  return { id, removed: true };
}

/** Pause or resume the whole notification queue (administrators only). */
export async function setPaused(viewer: User, paused: boolean): Promise<{ paused: boolean }> {
  if (viewer.role !== 'admin') throw new ApiError(403, 'forbidden', 'Pausing and resuming the queue needs the administrator role.');
  const q = getQueue(NOTIFICATIONS_QUEUE);
  await withTimeout(paused ? q.pause() : q.resume());
  return { paused };
}

/** A job as the search shows it. */
export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  summary: string;
  attempts: number;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
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
      finishedAt: job.finishedOn ?? null,
    };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
