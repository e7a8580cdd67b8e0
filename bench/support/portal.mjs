// Starting things for benches: the built portal (dist/node/web.mjs) on a free
// port with a temp data dir, bench accounts and sessions made by the portal's
// own code, and plain node:http baselines. Every child is stopped by `stopAll()`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bundleTs, ROOT } from './bundle.mjs';

const children = [];
const tempDirs = [];

/** A port nobody listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `url` until it answers (any status) or time runs out. */
export async function waitForHttp(url, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Spawn a node script as a tracked child. */
export function spawnNode(args, env = {}, stdio = ['ignore', 'ignore', 'inherit']) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio });
  children.push(child);
  return child;
}

/** Bundle `entry`, run it once against the portal database in `env`, and parse the JSON line it prints last. */
async function runDbHelper(entry, args, env, what) {
  const script = await bundleTs(entry);
  const made = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  fs.rmSync(script, { force: true });
  if (made.status !== 0) throw new Error(`could not create ${what}: ${made.stderr}`);
  return JSON.parse(made.stdout.trim().split('\n').pop());
}

/**
 * Start the built portal (no Redis, no worker) with `env` added; returns its URL, port, data dir, pid,
 * child and `tokens` bench API tokens (none when `tokens` is 0).
 */
export async function startBenchPortal({ tokens = 1, env = {} } = {}) {
  if (!fs.existsSync(path.join(ROOT, 'dist/node/web.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first.');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-bench-'));
  tempDirs.push(dataDir);
  const baseEnv = { NODE_ENV: 'production', DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: '', WORKERS: '0', ...env };
  const list = tokens > 0 ? (await runDbHelper('bench/support/accounts.ts', [String(tokens)], baseEnv, 'bench accounts')).tokens : [];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Logs stay on (info, one line per request, as in production) but go nowhere.
  // BENCH_CPU_PROF=<dir> writes the portal's CPU profile there when it stops (node --cpu-prof; open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  // BENCH_NODE_FLAGS: more node flags for the portal, e.g. --perf-basic-prof for `perf record -t <pid>` (on-CPU time
  // only: the V8 profile above samples wall time, which counts a thread waiting for a core as busy).
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnNode([...prof, ...flags, 'dist/node/web.mjs'], { ...baseEnv, PORT: String(port), PUBLIC_ORIGIN: url });
  await waitForHttp(`${url}/api/health`);
  return { url, port, dataDir, pid: child.pid, tokens: list, child };
}

/** A user with a browser session in a bench portal's database: the session cookie's name and value. */
export async function sessionCookie(portal) {
  return runDbHelper('bench/support/session.ts', [], { DATA_DIR: portal.dataDir, NODE_ENV: 'production', PUBLIC_ORIGIN: portal.url }, 'a session');
}

/** Stop every child and remove temp dirs. */
export async function stopAll() {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0');
  return Math.round((kb / 1024) * 10) / 10;
}

// Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture we run on.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms, all threads) a process has used so far, from /proc (Linux; null elsewhere). */
export function processCpuMs(pid) {
  return cpuMsOf(`/proc/${pid}/stat`);
}

/** CPU time (user + system, ms) of a process's main thread (its JavaScript, SQLite and HTTP work; not the libuv pool or V8's helpers), or null. */
export function mainThreadCpuMs(pid) {
  return cpuMsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuMsOf(statFile) {
  try {
    const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
