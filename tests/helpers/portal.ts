import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindDatabase, databaseForDataDir } from './postgres';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from './redis';

/**
 * Starts the compiled portal (dist/node/web.mjs, plus workers when asked) as
 * real processes on an ephemeral port, with a temp DATA_DIR and its own Redis
 * prefix, and cleans all of it up afterwards. When the suite runs on Postgres
 * (TEST_DATABASE_URL), the portal's DATABASE_URL is the database made for its
 * data dir (tests/helpers/postgres.ts), unless `env` names one itself.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PortalProcess {
  url: string;
  port: number;
  dataDir: string;
  redisPrefix: string;
  env: Record<string, string>;
  /** The first web process. */
  child: ChildProcess;
  /** Everything the processes printed, for assertions on logs. */
  output(): string;
  startWorker(extraEnv?: Record<string, string>): Promise<ChildProcess>;
  startWeb(extraEnv?: Record<string, string>): Promise<{ url: string; port: number; child: ChildProcess }>;
  stop(): Promise<void>;
}

export interface PortalOptions {
  env?: Record<string, string>;
  workers?: number;
  /** Reuse a data dir (to restart a portal on the same database). */
  dataDir?: string;
  /** Leave REDIS_URL unset (the "no Redis" case). */
  noRedis?: boolean;
}

/** Resolve once the portal at `base` says its database is up (Postgres migrates after the port opens). */
async function waitForDatabase(base: string, out: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/api/health`).catch((err: unknown) => ({ error: String(err) }));
    if ('error' in res) last = res.error;
    else {
      const health = (await res.json()) as { db: string; reasons?: { db?: string } };
      if (health.db === 'ok') return;
      last = health.reasons?.db ?? health.db;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the portal's database was not ready in ${timeoutMs} ms (${last}):\n${out.join('')}`);
}

function waitForLine(child: ChildProcess, test: (line: string) => boolean, sink: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`process did not become ready in ${timeoutMs} ms:\n${sink.join('')}`)), timeoutMs);
    const onData = (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (test(line)) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(line);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before it was ready:\n${sink.join('')}`));
    });
  });
}

function capture(child: ChildProcess, sink: string[]): void {
  child.stdout?.on('data', (d: Buffer) => sink.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => sink.push(d.toString()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Start a portal web process (and `workers` worker processes). */
export async function startPortal(opts: PortalOptions = {}): Promise<PortalProcess> {
  if (!fs.existsSync(path.join(ROOT, 'dist/node/web.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does).');
  }
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'il-test-'));
  const redisPrefix = uniquePrefix('portal');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'info',
    ...(opts.noRedis ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...opts.env,
  };
  if (opts.noRedis) delete env.REDIS_URL;
  // This process's own DATABASE_URL (set by useDataDir for another portal) must not leak into this one.
  const ownDatabase = opts.env?.DATABASE_URL === undefined ? await databaseForDataDir(dataDir) : undefined;
  if (opts.env?.DATABASE_URL) bindDatabase(dataDir, opts.env.DATABASE_URL);
  else if (ownDatabase) env.DATABASE_URL = ownDatabase;
  else if (opts.env?.DATABASE_URL === undefined) delete env.DATABASE_URL;
  const out: string[] = [];
  const children: ChildProcess[] = [];

  async function startWeb(extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/web.mjs')], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    capture(child, out);
    const line = await waitForLine(child, (l) => l.includes('"event":"ready"'), out, 30_000);
    const port = (JSON.parse(line) as { port: number }).port;
    return { url: `http://127.0.0.1:${port}`, port, child };
  }

  async function startWorker(extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/worker.mjs')], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    capture(child, out);
    await waitForLine(child, (l) => l.includes('"msg":"worker ready"'), out, 30_000);
    return child;
  }

  const web = await startWeb();
  if (ownDatabase) await waitForDatabase(web.url, out);
  for (let i = 0; i < (opts.workers ?? 0); i++) await startWorker();

  return {
    url: web.url,
    port: web.port,
    dataDir,
    redisPrefix,
    env,
    child: web.child,
    output: () => out.join(''),
    startWorker,
    startWeb,
    async stop() {
      await Promise.all(children.map(stopChild));
      if (!opts.noRedis) await cleanupPrefix(redisPrefix).catch(() => undefined);
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
