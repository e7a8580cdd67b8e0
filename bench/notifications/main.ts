import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { insertUser } from '../../src/lib/server/auth/users';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from '../../src/lib/server/redis/private-server';
import { ALL_SCOPES } from '../../src/lib/shared/scopes';
import { measureBullmqNoop, measureInsertCeiling, runNoopWorker } from './ceilings';
import { PriorityProbe } from './probe';
import { rssBytes, startWeb, startWorker, stop, type Proc } from './processes';

/**
 * The notification benchmark. Starts a private Redis (AOF on) and the built
 * portal (one web process, WORKERS worker processes) on a temp data dir,
 * measures the two ceilings, then runs a synthetic campaign of --count
 * recipients `--runs` times back to back while a probe sends high-priority
 * notifications, and checks in SQLite that every recipient got exactly one.
 * `--kill-worker` SIGKILLs a worker at 30% of the first run and starts a
 * replacement; `--restart-redis` restarts Redis at 30% of the first run.
 */

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '2' },
    runs: { type: 'string', default: '2' },
    'kill-worker': { type: 'boolean', default: false },
    'restart-redis': { type: 'boolean', default: false },
    'noop-worker': { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
  strict: true,
});

/** Stops what the bench started; set once there is something to stop. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

function fail(err: unknown): void {
  say(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  // Never leave a private Redis or portal processes running behind a failed run.
  void (cleanupOnFailure?.() ?? Promise.resolve()).finally(() => process.exit(1));
}

if (args['noop-worker']) {
  await runNoopWorker(Number(args['noop-worker']));
} else {
  process.on('uncaughtException', fail);
  await main().catch(fail);
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function num(name: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    say(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const count = num('count', args.count, 1, 5_000_000);
  const workerCount = num('workers', args.workers, 1, 16);
  const runs = num('runs', args.runs, 1, 5);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-bench-notif-'));
  const procs: Proc[] = [];
  let redis: PrivateRedis | undefined;
  const cleanup = async () => {
    await Promise.all(procs.map(stop));
    await redis?.stop();
    closeDb();
    if (!args['keep-data']) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  cleanupOnFailure = cleanup;
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  let redisUrl = process.env.REDIS_URL;
  if (findRedisServer()) {
    redis = await startPrivateRedis(dataDir);
    redisUrl = redis.url;
  } else if (!redisUrl || args['restart-redis']) {
    say('bench: needs redis-server installed (or REDIS_URL without --restart-redis)');
    process.exit(2);
  }
  Object.assign(process.env, { DATA_DIR: dataDir, REDIS_URL: redisUrl, REDIS_PREFIX: 'bench', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ADMIN_EMAILS: 'bench-admin@example.test' };

  const db = getDb();
  const admin = (await insertUser('bench-admin@example.test', 'bench account without a usable password'))!;
  const { token } = await createApiToken(admin.id, { kind: 'personal', name: 'bench', scopes: ALL_SCOPES, ttlMs: 4 * 3_600_000 });

  say(
    `bench: ${count.toLocaleString('en')} notifications x ${runs} run(s), ${workerCount} worker process(es), ${os.cpus().length} CPU(s), data in ${dataDir}`,
  );
  say('bench: measuring the BullMQ no-op ceiling...');
  const noopJobs = Math.min(Math.max(count, 5000), 30_000);
  const noopRate = await measureBullmqNoop(noopJobs, workerCount, 4, env, process.argv[1]!);
  say(`bench:   ${Math.round(noopRate).toLocaleString('en')} no-op jobs/s (${noopJobs.toLocaleString('en')} jobs)`);
  say('bench: measuring the SQLite batched-insert ceiling...');
  const insertRows = Math.min(Math.max(count, 10_000), 300_000);
  const insertRate = measureInsertCeiling(path.join(dataDir, 'portal.db'), insertRows);
  say(`bench:   ${Math.round(insertRate).toLocaleString('en')} inbox rows/s (${insertRows.toLocaleString('en')} rows, transactions of 1,000)`);

  const web = await startWeb(env);
  procs.push(web);
  for (let i = 0; i < workerCount; i++) procs.push(await startWorker(env, `worker-${i + 1}`));

  const results = [];
  const memory: Array<{ run: number; webRss: number; workerRss: number[] }> = [];
  let killed: { atDelivered: number; replacementPid: number | undefined } | null = null;
  let redisRestart: { atDelivered: number; downMs: number } | null = null;
  let probeResult: Awaited<ReturnType<PriorityProbe['stop']>> | null = null;

  for (let run = 1; run <= runs; run++) {
    const probe = new PriorityProbe(web.url, token);
    await probe.open();
    const t0 = performance.now();
    const res = await fetch(`${web.url}/api/notifications/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bench run ${run}`, body: 'Synthetic load', synthetic: { count } }),
    });
    const created = (await res.json()) as { campaign?: { id: number }; error?: unknown };
    if (res.status !== 202 || !created.campaign) throw new Error(`campaign refused: ${res.status} ${JSON.stringify(created)}`);
    const id = created.campaign.id;
    probe.start(100);
    const progress = db.prepare('SELECT delivered, status FROM notification_campaigns WHERE id = ?');
    let lastPrint = 0;
    for (;;) {
      const row = progress.get(id) as { delivered: number; status: string };
      const elapsed = (performance.now() - t0) / 1000;
      if (performance.now() - lastPrint > 1000 || row.status === 'done') {
        lastPrint = performance.now();
        const pct = ((row.delivered / count) * 100).toFixed(1);
        say(
          `bench: run ${run}/${runs}  ${row.delivered.toLocaleString('en')} / ${count.toLocaleString('en')} delivered (${pct}%)  ${elapsed.toFixed(1)} s  ${Math.round(row.delivered / Math.max(elapsed, 0.001)).toLocaleString('en')}/s`,
        );
      }
      if (row.status === 'done') break;
      if (run === 1 && args['kill-worker'] && !killed && row.delivered >= count * 0.3) {
        const victim = procs.find((p) => p.name.startsWith('worker'))!;
        victim.child.kill('SIGKILL');
        procs.splice(procs.indexOf(victim), 1);
        const replacement = await startWorker(env, 'worker-replacement', false);
        procs.push(replacement);
        killed = { atDelivered: row.delivered, replacementPid: replacement.child.pid };
        say(`bench: SIGKILLed ${victim.name} (pid ${victim.child.pid}) at ${row.delivered.toLocaleString('en')} delivered; started a replacement`);
      }
      if (run === 1 && args['restart-redis'] && !redisRestart && redis && row.delivered >= count * 0.3) {
        const down = performance.now();
        const port = redis.port;
        await redis.stop();
        redis = await startPrivateRedis(dataDir, { port });
        redisRestart = { atDelivered: row.delivered, downMs: Math.round(performance.now() - down) };
        say(`bench: restarted Redis (AOF) at ${row.delivered.toLocaleString('en')} delivered; down ${redisRestart.downMs} ms`);
      }
      if (elapsed > 900) throw new Error('campaign did not finish within 15 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const p = await probe.stop();
    if (run === 1) probeResult = p;
    const rows = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM inbox WHERE message_id = ?').get(`c${id}`) as {
      n: number;
      d: number;
    };
    results.push({
      run,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(count / seconds),
      delivered: rows.d,
      lost: count - rows.d,
      duplicated: rows.n - rows.d,
    });
    memory.push({
      run,
      webRss: rssBytes(web.child.pid),
      workerRss: procs.filter((x) => x.name.startsWith('worker')).map((x) => rssBytes(x.child.pid)),
    });
    say(
      `bench: run ${run} done in ${seconds.toFixed(2)} s: ${Math.round(count / seconds).toLocaleString('en')} notifications/s; lost ${count - rows.d}, duplicated ${rows.n - rows.d}; high-priority p99 ${p.p99} ms (${p.received} probes)`,
    );
  }

  // The ceilings again after the runs: on a shared machine load drifts, so the
  // fractions use the mean of the two measurements around the runs.
  say('bench: measuring both ceilings again after the runs...');
  const noopAfter = await measureBullmqNoop(noopJobs, workerCount, 4, env, process.argv[1]!);
  const insertAfter = measureInsertCeiling(path.join(dataDir, 'portal.db'), insertRows);
  say(`bench:   ${Math.round(noopAfter).toLocaleString('en')} no-op jobs/s, ${Math.round(insertAfter).toLocaleString('en')} inbox rows/s`);
  const noopMean = (noopRate + noopAfter) / 2;
  const insertMean = (insertRate + insertAfter) / 2;

  const client = createClient({ url: redis?.url ?? redisUrl });
  await client.connect();
  const usedMemory = Number(/^used_memory:(\d+)/m.exec(await client.info('memory'))?.[1] ?? 0);
  await client.close();

  const first = results[0]!;
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  const totalRss = (m: (typeof memory)[number]) => m.webRss + m.workerRss.reduce((a, b) => a + b, 0);
  const summary = {
    bench: 'notifications',
    count,
    workers: workerCount,
    cpus: os.cpus().length,
    runs: results,
    perSecond: first.perSecond,
    hourlyMillionMultiple: Number(((first.perSecond * 3600) / 1_000_000).toFixed(1)),
    ceilings: {
      bullmqNoopJobsPerSecond: Math.round(noopMean),
      sqliteInsertRowsPerSecond: Math.round(insertMean),
      before: { bullmqNoopJobsPerSecond: Math.round(noopRate), sqliteInsertRowsPerSecond: Math.round(insertRate) },
      after: { bullmqNoopJobsPerSecond: Math.round(noopAfter), sqliteInsertRowsPerSecond: Math.round(insertAfter) },
    },
    fractionOfBullmqNoop: Number((first.perSecond / noopMean).toFixed(3)),
    fractionOfSqliteInsert: Number((first.perSecond / insertMean).toFixed(3)),
    highPriority: probeResult,
    redisUsedMemoryMB: mb(usedMemory),
    memoryMB: memory.map((m) => ({ run: m.run, web: mb(m.webRss), workers: m.workerRss.map(mb), total: mb(totalRss(m)) })),
    memoryGrowthPercent:
      memory.length > 1 ? Number((((totalRss(memory.at(-1)!) - totalRss(memory[0]!)) / totalRss(memory[0]!)) * 100).toFixed(1)) : null,
    killWorker: killed,
    restartRedis: redisRestart,
    lost: results.reduce((a, r) => a + r.lost, 0),
    duplicated: results.reduce((a, r) => a + r.duplicated, 0),
  };
  await cleanup();
  say(
    `bench: ${summary.perSecond.toLocaleString('en')}/s = ${summary.hourlyMillionMultiple}x the hourly million; ` +
      `${(summary.fractionOfSqliteInsert * 100).toFixed(0)}% of the insert ceiling, ${(summary.fractionOfBullmqNoop * 100).toFixed(0)}% of the no-op job ceiling; ` +
      `Redis ${summary.redisUsedMemoryMB} MB after; lost ${summary.lost}, duplicated ${summary.duplicated}`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(summary.lost === 0 && summary.duplicated === 0 ? 0 : 1);
}
