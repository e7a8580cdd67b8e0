import type { Job, Queue, WorkerOptions } from 'bullmq';
import { CLEANUP_EVERY_MS, MAINTENANCE_QUEUE, runCleanup } from '../../src/lib/server/queue/maintenance';
import { notificationConsumers } from './notifications';

/**
 * Every queue the worker process consumes, with its processor. A feature adds
 * its queue here; the worker entry does the wiring, heartbeats and shutdown.
 */
export interface QueueConsumer {
  queue: string;
  concurrency: number;
  process(job: Job): Promise<unknown>;
  /** Called once at start with the queue, to register schedules. */
  setup?(queue: Queue): Promise<void>;
  /** Lock and stalled-job settings when the defaults (30 s) recover lost jobs too slowly. */
  options?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;
}

export const consumers: QueueConsumer[] = [
  {
    queue: MAINTENANCE_QUEUE,
    concurrency: 1,
    process: async () => runCleanup(),
    setup: async (queue) => {
      await queue.upsertJobScheduler(
        'cleanup',
        { every: CLEANUP_EVERY_MS },
        {
          name: 'cleanup',
          opts: { removeOnComplete: 10, removeOnFail: 50 },
        },
      );
    },
  },
  ...notificationConsumers,
];
