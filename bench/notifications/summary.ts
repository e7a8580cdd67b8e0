import os from 'node:os';
import type { BenchDb } from './bench-db';

/**
 * The bench's one-line JSON result. Its shape is the one the SQLite bench
 * always printed; on Postgres the insert ceiling and its fraction are named
 * for Postgres (`postgresInsertRowsPerSecond`, `fractionOfPostgresInsert`)
 * and `insertByWriters` says what each number of parallel writers reached.
 */

/** One run's outcome. */
export interface RunResult {
  run: number;
  seconds: number;
  perSecond: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

/** Resident memory after one run. */
export interface RunMemory {
  run: number;
  webRss: number;
  workerRss: number[];
}

/** A ceiling measurement: the fastest rate, and per number of writers. */
export interface InsertCeiling {
  rate: number;
  byWriters: Record<string, number>;
}

/** Everything the summary is made of. */
export interface SummaryInput {
  db: BenchDb;
  count: number;
  workers: number;
  results: RunResult[];
  memory: RunMemory[];
  noop: { before: number; after: number };
  insert: { before: InsertCeiling; after: InsertCeiling };
  highPriority: unknown;
  redisUsedMemory: number;
  killWorker: unknown;
  restartRedis: unknown;
}

const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
const totalRss = (m: RunMemory) => m.webRss + m.workerRss.reduce((a, b) => a + b, 0);

/** Build the summary; ceilings are the mean of the measurements before and after the runs (load drifts on a shared machine). */
export function buildSummary(s: SummaryInput) {
  const first = s.results[0]!;
  const noopMean = (s.noop.before + s.noop.after) / 2;
  const insertMean = (s.insert.before.rate + s.insert.after.rate) / 2;
  const name = s.db === 'postgres' ? 'postgres' : 'sqlite';
  const rowsKey = `${name}InsertRowsPerSecond`;
  const fractionKey = s.db === 'postgres' ? 'fractionOfPostgresInsert' : 'fractionOfSqliteInsert';
  const fractionOfInsert = Number((first.perSecond / insertMean).toFixed(3));
  return {
    bench: 'notifications',
    db: s.db,
    count: s.count,
    workers: s.workers,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
    runs: s.results,
    perSecond: first.perSecond,
    hourlyMillionMultiple: Number(((first.perSecond * 3600) / 1_000_000).toFixed(1)),
    ceilings: {
      bullmqNoopJobsPerSecond: Math.round(noopMean),
      [rowsKey]: Math.round(insertMean),
      before: { bullmqNoopJobsPerSecond: Math.round(s.noop.before), [rowsKey]: s.insert.before.rate },
      after: { bullmqNoopJobsPerSecond: Math.round(s.noop.after), [rowsKey]: s.insert.after.rate },
      insertByWriters: { before: s.insert.before.byWriters, after: s.insert.after.byWriters },
    },
    fractionOfBullmqNoop: Number((first.perSecond / noopMean).toFixed(3)),
    [fractionKey]: fractionOfInsert,
    fractionOfInsert,
    highPriority: s.highPriority,
    redisUsedMemoryMB: mb(s.redisUsedMemory),
    memoryMB: s.memory.map((m) => ({ run: m.run, web: mb(m.webRss), workers: m.workerRss.map(mb), total: mb(totalRss(m)) })),
    memoryGrowthPercent:
      s.memory.length > 1 ? Number((((totalRss(s.memory.at(-1)!) - totalRss(s.memory[0]!)) / totalRss(s.memory[0]!)) * 100).toFixed(1)) : null,
    killWorker: s.killWorker,
    restartRedis: s.restartRedis,
    lost: s.results.reduce((a, r) => a + r.lost, 0),
    duplicated: s.results.reduce((a, r) => a + r.duplicated, 0),
  };
}
