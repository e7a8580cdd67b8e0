import { Queue, type JobsOptions } from 'bullmq';
import { processName } from '../config';
import type { DialectName } from '../db/database';
import { ApiError } from '../http/errors';
import { bullConnection, bullPrefix } from '../redis/bullmq';
import { redisConfigured, REDIS_MISSING_HELP } from '../redis/client';
import { tracing } from '../tracing/hooks';

/**
 * The two BullMQ queues of the notification pipeline and their job options.
 * `notifications` carries single sends, campaign fan-outs and delivery chunks
 * (priorities decide the order); `webhooks` carries outgoing HTTP calls so a
 * slow receiver never holds up inbox delivery.
 */

/** Queue for sends, fan-outs and chunks. */
export const NOTIFICATIONS_QUEUE = 'notifications';
/** Queue for signed webhook POSTs. */
export const WEBHOOKS_QUEUE = 'webhooks';

/** Job names on the notifications queue. */
export const JOB = { send: 'send', fanout: 'fanout', chunk: 'chunk', webhook: 'webhook', retention: 'retention' } as const;

/** Recipients per chunk job; a million-recipient campaign becomes 1,000 chunk jobs. */
export const CHUNK_SIZE = 1000;
/** Most jobs per `addBulk` call, so one Redis round trip never carries an unbounded batch. */
export const ADD_BULK_MAX = 1000;
/** The events stream is trimmed to about this many entries (BullMQ's default is 10,000). */
export const EVENTS_MAX_LEN = 2000;

// Finished jobs are kept only as long as they are useful to look at; the
// inbox in SQLite is the record of what was delivered, not Redis.
const KEEP = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 86_400, count: 5000 },
} satisfies JobsOptions;

/** Options for a single send: five tries, 0.5 s doubling, half of each delay random. */
export const SEND_JOB_OPTS: JobsOptions = {
  ...KEEP,
  attempts: 5,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
};

/** Options for a chunk of a campaign: three tries, so injected failures reach the dead-letter view. */
export const CHUNK_JOB_OPTS: JobsOptions = {
  ...KEEP,
  attempts: 3,
  backoff: { type: 'exponential', delay: 400, jitter: 0.5 },
};

/** Options for a fan-out job. */
export const FANOUT_JOB_OPTS: JobsOptions = { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } };

/** Options for a webhook call: six tries from 1 s, up to about half a minute apart. */
export const WEBHOOK_JOB_OPTS: JobsOptions = {
  ...KEEP,
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
};

/**
 * Notification jobs a worker process runs at once. SQLite has one writer,
 * so a few keep the next job fetched while one writes; Postgres writes
 * chunks in parallel and each waits on round trips, so more keep it busy
 * (within the default pool of 10 connections, leaving room for webhooks).
 */
export function deliveryConcurrency(dialect: DialectName): number {
  return dialect === 'postgres' ? 8 : 4;
}

/** Worker settings shared by both queues: a lost worker's jobs come back within about 15 s. */
export const WORKER_OPTS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;

const queues = new Map<string, Queue>();

/** Throw the 503 every queue endpoint answers when Redis is not there. */
export function assertRedis(): void {
  if (!redisConfigured()) {
    throw new ApiError(503, 'redis_missing', `The notification queue needs Redis, which is missing. ${REDIS_MISSING_HELP}`);
  }
}

/** The process-wide Queue object for `name` (created on first use). */
export function getQueue(name: typeof NOTIFICATIONS_QUEUE | typeof WEBHOOKS_QUEUE): Queue {
  assertRedis();
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, {
      connection: bullConnection(`il-${processName()}-q-${name}`),
      prefix: bullPrefix(),
      streams: { events: { maxLen: EVENTS_MAX_LEN } },
      // With tracing on, each job carries the trace of the request that queued it.
      ...(tracing() ? { telemetry: tracing()!.bullmq } : {}),
    });
    q.on('error', () => undefined); // connection errors are logged by the Redis client itself
    queues.set(name, q);
  }
  return q;
}

/** Resolve `p`, or fail with a 503 after `ms` (Redis commands wait while it reconnects). */
export async function withTimeout<T>(p: Promise<T>, ms = 5000, what = 'the queue'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiError(503, 'queue_unavailable', `No answer from ${what} within ${ms} ms; Redis may be down. Try again shortly.`)),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
