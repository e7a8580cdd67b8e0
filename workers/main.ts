import { Queue, Worker, type Job } from 'bullmq';
import { bootProcess, EXIT_CANNOT_RUN } from '../server/boot';
import { closeDb, getDb } from '../src/lib/server/db/connection';
import { closeKysely, dialectName, prepareDatabaseInBackground } from '../src/lib/server/db/database';
import { log, withRequestId } from '../src/lib/server/log';
import { timeJob } from '../src/lib/server/metrics/jobs';
import { startWorkerMetrics } from '../src/lib/server/metrics/worker-server';
import { stopTracing, tracing } from '../src/lib/server/tracing/hooks';
import { HEARTBEAT_MS, removeHeartbeat, workerId, writeHeartbeat } from '../src/lib/server/queue/worker-registry';
import { bullConnection, bullPrefix, closeBullConnections } from '../src/lib/server/redis/bullmq';
import { closeRedis, getRedis, REDIS_MISSING_HELP } from '../src/lib/server/redis/client';
import { consumers } from './processors';

/**
 * The worker process (built as dist/node/worker-main.mjs, started by the
 * launcher workers/launch.ts): consumes every queue in `processors/`, reports a
 * heartbeat, and on SIGTERM/SIGINT stops taking jobs, lets the ones in
 * flight finish (BullMQ's close waits for them), then exits. A job cut off by
 * a crash is not lost: its lock expires and another worker takes it again.
 */

const config = bootProcess('worker');
const wlog = log.child({ mod: 'worker' });
if (!config.redisUrl) {
  wlog.error(`no Redis: the worker cannot run. ${REDIS_MISSING_HELP}`);
  process.exit(EXIT_CANNOT_RUN);
}

if (dialectName() === 'sqlite') getDb();
else void prepareDatabaseInBackground();
const id = workerId();
const startedAt = Date.now();
let processed = 0;
let failed = 0;

function jobRequestId(job: Job): string {
  const fromRequest = (job.data as { reqId?: unknown } | undefined)?.reqId;
  return typeof fromRequest === 'string' && /^[\w-]{1,64}$/.test(fromRequest) ? fromRequest : `job-${job.id ?? '?'}`;
}

const workers = consumers.map((c) => {
  // Every line a job writes carries the id of the request that queued it, else the job's own.
  const run = (job: Job) => withRequestId(jobRequestId(job), () => timeJob(c.queue, job.name, () => c.process(job)));
  const w = new Worker(c.queue, run, {
    connection: bullConnection(`il-worker-${c.queue}`),
    prefix: bullPrefix(),
    concurrency: c.concurrency,
    autorun: true,
    ...(tracing() ? { telemetry: tracing()!.bullmq } : {}),
    ...c.options,
  });
  w.on('completed', () => processed++);
  w.on('failed', (job, err) => {
    failed++;
    // BullMQ emits outside the job's context: name the request here.
    wlog.warn('job failed', { reqId: job ? jobRequestId(job) : undefined, queue: c.queue, jobId: job?.id, attempts: job?.attemptsMade, err });
  });
  w.on('error', (err) => wlog.warn('worker error', { queue: c.queue, err }));
  return w;
});

const setupConnection = bullConnection('il-worker-setup');
const setupQueues = consumers.map((c) => new Queue(c.queue, { connection: setupConnection, prefix: bullPrefix() }));
await Promise.all(consumers.map(async (c, i) => c.setup?.(setupQueues[i]!))).catch((err: unknown) =>
  wlog.warn('queue setup failed; will work without schedules until the next start', { err }),
);
await Promise.all(setupQueues.map((q) => q.close()));
await closeBullConnections([setupConnection]);

async function beat(): Promise<void> {
  try {
    const active = workers.reduce((n, w) => n + (w.isRunning() ? 1 : 0), 0);
    await writeHeartbeat(await getRedis(), {
      id,
      pid: process.pid,
      host: (await import('node:os')).hostname(),
      startedAt,
      lastBeatAt: Date.now(),
      processed,
      failed,
      active,
      rssBytes: process.memoryUsage.rss(),
    });
  } catch (err) {
    wlog.debug('heartbeat failed', { err });
  }
}
const metricsServer = await startWorkerMetrics().catch((err: unknown) => {
  wlog.warn('worker metrics are off: their port could not be opened', { err });
  return null;
});
await beat();
const beatTimer = setInterval(() => void beat(), HEARTBEAT_MS);
wlog.info('worker ready', { queues: consumers.map((c) => c.queue), id });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  wlog.info('worker stopping: finishing jobs in flight', { signal });
  clearInterval(beatTimer);
  const force = setTimeout(() => {
    wlog.warn('jobs did not finish in 30 s; exiting, their locks will expire and they will run again');
    process.exit(1);
  }, 30_000);
  force.unref();
  await Promise.all(workers.map((w) => w.close()));
  metricsServer?.close();
  await closeBullConnections();
  await removeHeartbeat(await getRedis(), id).catch(() => undefined);
  await closeRedis();
  await closeKysely();
  closeDb();
  await stopTracing();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('disconnect', () => void shutdown('parent gone'));
