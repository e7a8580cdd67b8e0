import { spawn, type ChildProcess } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import { openDatabase } from '../../src/lib/server/db/connection';
import { insertDeliveries, type Delivery } from '../../src/lib/server/notifications/inbox';
import { CHUNK_SIZE } from '../../src/lib/server/notifications/queue';
import { bullConnection, bullPrefix } from '../../src/lib/server/redis/bullmq';

/**
 * The two ceilings the pipeline sits on, measured in the same run on the
 * same Redis and the same database file: how fast BullMQ alone moves jobs
 * that do nothing, and how fast SQLite alone takes batched inbox rows.
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

/** Rows per second one process inserts into the inbox table in transactions of one chunk. */
export function measureInsertCeiling(dbFile: string, rows: number): number {
  const db = openDatabase(dbFile);
  const now = Date.now();
  const started = performance.now();
  for (let from = 0; from < rows; from += CHUNK_SIZE) {
    const batch: Delivery[] = [];
    for (let i = from; i < Math.min(rows, from + CHUNK_SIZE); i++)
      batch.push({ id: `ceiling-${i}`, recipientId: -(i + 1), messageId: 'ceiling', enqueuedAt: now });
    db.transaction(() => insertDeliveries(batch, now, db)).immediate();
  }
  const rate = rows / ((performance.now() - started) / 1000);
  db.prepare(`DELETE FROM inbox WHERE message_id = 'ceiling'`).run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return rate;
}
