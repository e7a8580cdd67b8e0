import { spawn, type ChildProcess } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import { sql } from 'kysely';
import { dialectName, getKysely } from '../../src/lib/server/db/database';
import { writeTransaction } from '../../src/lib/server/db/query';
import { insertDeliveries, type Delivery } from '../../src/lib/server/notifications/inbox';
import { CHUNK_SIZE } from '../../src/lib/server/notifications/queue';
import { bullConnection, bullPrefix } from '../../src/lib/server/redis/bullmq';

/**
 * The two ceilings the pipeline sits on, measured in the same run on the
 * same Redis and the same database: how fast BullMQ alone moves jobs that
 * do nothing, and how fast the database alone (SQLite or Postgres) takes
 * batched inbox rows.
 */

const NOOP_QUEUE = 'bench-noop';

/** Child mode: a worker process that completes no-op jobs once told to go. */
export async function runNoopWorker(concurrency: number): Promise<void> {
  const worker = new Worker(NOOP_QUEUE, async () => undefined, {
    connection: bullConnection('bench-noop-worker'),
    prefix: bullPrefix(),
    concurrency,
    autorun: false,
    removeOnComplete: { count: 1000 },
  });
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  process.stdin.once('data', () => void worker.run());
  process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

/** Jobs per second that `processes` worker processes complete when the jobs do nothing. */
export async function measureBullmqNoop(
  jobs: number,
  processes: number,
  concurrency: number,
  env: NodeJS.ProcessEnv,
  entry: string,
): Promise<number> {
  const connection = bullConnection('bench-noop-producer');
  const queue = new Queue(NOOP_QUEUE, { connection, prefix: bullPrefix() });
  for (let i = 0; i < jobs; i += 1000) {
    const n = Math.min(1000, jobs - i);
    await queue.addBulk(Array.from({ length: n }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: { count: 1000 } } })));
  }
  const children: ChildProcess[] = [];
  for (let p = 0; p < processes; p++) {
    const child = spawn(process.execPath, [entry, '--noop-worker', String(concurrency)], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    children.push(child);
  }
  const started = performance.now();
  for (const c of children) c.stdin!.write('go\n');
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
    if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(children.map((c) => new Promise<void>((resolve) => (c.once('exit', () => resolve()), c.kill('SIGTERM')))));
  await queue.obliterate({ force: true });
  await queue.close();
  await (connection as { quit(): Promise<unknown> }).quit();
  return jobs / seconds;
}

/**
 * Rows per second the database takes into the inbox with no queue: the bulk
 * insert the workers use, in transactions of one chunk (1,000 rows), from
 * `writers` loops at once (each its own connection on Postgres; SQLite has
 * one writer, so 1 there). The rows are deleted afterwards.
 */
export async function measureInsertCeiling(rows: number, writers = 1): Promise<number> {
  const now = Date.now();
  const chunks = Math.ceil(rows / CHUNK_SIZE);
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let k = next++; k < chunks; k = next++) {
      const batch: Delivery[] = [];
      for (let i = k * CHUNK_SIZE; i < Math.min(rows, (k + 1) * CHUNK_SIZE); i++)
        batch.push({ id: `ceiling-${i}`, recipientId: -(i + 1), messageId: 'ceiling', enqueuedAt: now });
      await writeTransaction((trx) => insertDeliveries(batch, now, trx));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  const rate = rows / ((performance.now() - started) / 1000);
  const db = getKysely();
  await db.deleteFrom('inbox').where('message_id', '=', 'ceiling').execute();
  // Leave the table as the runs found it: no WAL to replay (SQLite), no dead rows in the indexes (Postgres).
  await (dialectName() === 'sqlite' ? sql`PRAGMA wal_checkpoint(TRUNCATE)` : sql`VACUUM inbox`).execute(db);
  return rate;
}
