import type { Job, JobsOptions } from 'bullmq';
import { BULL_PRIORITY } from '../../shared/notifications/types';
import { getCampaign, markCampaignRunning } from './campaigns';
import { chunkPriority } from './injection';
import type { ChunkJobData, ChunkRecipients, FanoutJobData } from './jobs';
import { ADD_BULK_MAX, CHUNK_JOB_OPTS, CHUNK_SIZE, getQueue, JOB, NOTIFICATIONS_QUEUE } from './queue';
import { userCount, userIdsAfter } from './recipients';

/**
 * Worker side of a campaign: split the audience into chunk jobs of at most
 * 1,000 recipients and queue them with `addBulk`, at most 1,000 jobs per
 * call. Chunk job ids are derived from the campaign and chunk number, so a
 * fan-out that runs twice queues nothing twice.
 */

async function userRanges(): Promise<ChunkRecipients[]> {
  const out: ChunkRecipients[] = [];
  for (let after = 0; ;) {
    const ids = await userIdsAfter(after, CHUNK_SIZE);
    if (!ids.length) return out;
    out.push({ kind: 'range', fromId: ids[0]!, toId: ids[ids.length - 1]! });
    after = ids[ids.length - 1]!;
  }
}

/** Split a campaign into chunk jobs and queue them. */
export async function processFanout(job: Job<FanoutJobData>): Promise<{ chunks: number }> {
  const c = await getCampaign(job.data.campaignId);
  if (!c) return { chunks: 0 };
  const parts: ChunkRecipients[] = [];
  let total = c.total;
  if (c.audience === 'synthetic') {
    for (let from = 0; from < c.total; from += CHUNK_SIZE) parts.push({ kind: 'synthetic', from, to: Math.min(c.total, from + CHUNK_SIZE) });
  } else if (job.data.userIds === 'all') {
    total = await userCount();
    parts.push(...(await userRanges()));
  } else {
    const ids = job.data.userIds ?? [];
    for (let i = 0; i < ids.length; i += CHUNK_SIZE) parts.push({ kind: 'users', userIds: ids.slice(i, i + CHUNK_SIZE) });
  }
  await markCampaignRunning(c.id, total, parts.length);

  const queue = getQueue(NOTIFICATIONS_QUEUE);
  for (let start = 0; start < parts.length; start += ADD_BULK_MAX) {
    const batch = parts.slice(start, start + ADD_BULK_MAX).map((recipients, i) => {
      const chunk = start + i;
      const priority = c.audience === 'synthetic' ? chunkPriority(c.priorityMix, chunk) : job.data.priority;
      const data: ChunkJobData = {
        campaignId: c.id,
        ownerId: c.ownerId,
        chunk,
        recipients,
        priority,
        failureRate: c.failureRate,
        enqueuedAt: c.createdAt,
      };
      const opts: JobsOptions = { ...CHUNK_JOB_OPTS, jobId: `c${c.id}-k${chunk}`, priority: BULL_PRIORITY[priority] };
      return { name: JOB.chunk, data, opts };
    });
    await queue.addBulk(batch);
    await job.updateProgress(Math.round(((start + batch.length) / parts.length) * 100));
  }
  return { chunks: parts.length };
}
