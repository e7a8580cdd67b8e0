import type { Job } from 'bullmq';
import { dialectName } from '../../src/lib/server/db/database';
import { retryWhileDatabaseDown } from '../../src/lib/server/notifications/database-wait';
import { processChunk } from '../../src/lib/server/notifications/deliver-chunk';
import { processSend } from '../../src/lib/server/notifications/deliver-send';
import { processFanout } from '../../src/lib/server/notifications/fanout';
import type { ChunkJobData, FanoutJobData, SendJobData, WebhookJobData } from '../../src/lib/server/notifications/jobs';
import { deliveryConcurrency, JOB, NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, WORKER_OPTS } from '../../src/lib/server/notifications/queue';
import { purgeSyntheticDeliveries, RETENTION_EVERY_MS } from '../../src/lib/server/notifications/retention';
import { processWebhook } from '../../src/lib/server/notifications/webhooks';
import type { QueueConsumer } from './index';

/** Run one job of the notifications queue. */
async function processNotification(job: Job): Promise<unknown> {
  switch (job.name) {
    case JOB.send:
      return processSend(job as Job<SendJobData>);
    case JOB.chunk:
      return processChunk(job as Job<ChunkJobData>);
    case JOB.fanout:
      return processFanout(job as Job<FanoutJobData>);
    case JOB.retention:
      return { deleted: await purgeSyntheticDeliveries() };
    default:
      throw new Error(`unknown job ${job.name}`);
  }
}

/**
 * The notification pipeline's consumers: sends, fan-outs and chunks share
 * one queue so priorities order them against each other; webhooks have their
 * own so a slow receiver never delays inbox delivery.
 */
export const notificationConsumers: QueueConsumer[] = [
  {
    queue: NOTIFICATIONS_QUEUE,
    get concurrency() {
      return deliveryConcurrency(dialectName());
    },
    options: WORKER_OPTS,
    // A database outage holds the job until the database is back instead of failing its attempts.
    process: (job: Job) => retryWhileDatabaseDown(`${job.name} ${job.id ?? ''}`, () => processNotification(job)),
    setup: async (queue) => {
      await queue.upsertJobScheduler(
        JOB.retention,
        { every: RETENTION_EVERY_MS },
        {
          name: JOB.retention,
          opts: { priority: 20, removeOnComplete: 10, removeOnFail: 50 },
        },
      );
    },
  },
  {
    queue: WEBHOOKS_QUEUE,
    concurrency: 16,
    options: WORKER_OPTS,
    process: (job: Job) => retryWhileDatabaseDown(`webhook ${job.id ?? ''}`, () => processWebhook(job as Job<WebhookJobData>)),
  },
];
