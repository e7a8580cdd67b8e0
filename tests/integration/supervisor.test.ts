import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../../src/lib/server/redis/private-server';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';

/**
 * `npm start`'s supervisor and `npm run dev`, as processes: a private Redis
 * when REDIS_URL is unset, a worker restarted after kill -9, nothing left
 * behind after Ctrl-C, and /ws/echo in dev.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<void> | void> = [];
const DEV_METRICS_TOKEN = 'dev-metrics-token-0123456789';

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface LogLine {
  msg?: string;
  proc?: string;
  pid?: number;
  port?: number;
  [k: string]: unknown;
}

/** Collects JSON log lines from a process and lets a test wait for one. */
function logWatcher(child: ChildProcess) {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const waiters: Array<{ test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d.toString();
    raw.push(d.toString());
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', (d: Buffer) => raw.push(d.toString()));
  return {
    lines,
    output: () => raw.join(''),
    waitFor(test: (l: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine> {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}:\n${raw.join('').slice(-4000)}`)), timeoutMs);
        waiters.push({
          test,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('configuration errors', () => {
  it('`npm start` with PORT=abc exits non-zero with one line naming the variable', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });
});

describe('the supervisor', () => {
  it('starts a private Redis, web and a worker; replaces a killed worker; leaves nothing behind on Ctrl-C', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-sup-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'info', WORKERS: '1' };
    delete env.REDIS_URL;
    const sup = spawn(process.execPath, ['dist/node/supervisor.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => {
      if (sup.exitCode === null) sup.kill('SIGKILL');
    });
    const logs = logWatcher(sup);

    const listening = await logs.waitFor((l) => l.event === 'ready', 30_000, 'the web process');
    const firstWorker = await logs.waitFor((l) => l.msg === 'worker ready', 30_000, 'the worker');
    const url = `http://127.0.0.1:${listening.port}`;
    const redisPid = Number(fs.readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(alive(redisPid)).toBe(true);
    expect(fs.readFileSync(`/proc/${redisPid}/cmdline`, 'utf8')).toContain('redis-server');

    const healthy = await waitUntil(async () => {
      const body = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      return body.status === 'ok';
    }, 20_000);
    expect(healthy, logs.output().slice(-3000)).toBe(true);

    const killedAt = Date.now();
    process.kill(firstWorker.pid!, 'SIGKILL');
    const replacement = await logs.waitFor((l) => l.msg === 'worker ready' && l.pid !== firstWorker.pid, 15_000, 'a replacement worker');
    expect(alive(replacement.pid!)).toBe(true);
    console.info(`replacement worker ready ${Date.now() - killedAt} ms after kill -9`);

    sup.kill('SIGINT');
    expect(await exited(sup)).toBe(0);
    for (const pid of [listening.pid!, replacement.pid!, redisPid]) {
      expect(await waitUntil(() => !alive(pid), 5000), `pid ${pid} still alive`).toBe(true);
    }
  }, 90_000);
});

describe('the supervisor when it cannot run', () => {
  it('stops with one line and exit code 78 when the port is taken, instead of restarting in a loop', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-sup-port-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const prefix = uniquePrefix('port');
    cleanups.push(() => cleanupPrefix(prefix).then(() => undefined));
    const sup = spawn(process.execPath, ['dist/node/supervisor.mjs'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'test', WORKERS: '1', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (sup.exitCode === null) sup.kill('SIGKILL');
    });
    const logs = logWatcher(sup);
    expect(await exited(sup)).toBe(78);
    const stderr = logs
      .output()
      .split('\n')
      .filter((l) => l.startsWith('interview-lab:'));
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(new RegExp(`port ${port} .*already in use`));
    expect(logs.lines.filter((l) => l.msg === 'process exited; restarting')).toHaveLength(0);
  }, 60_000);

  it('stops with its children when the process that started it dies (npm killed with SIGTERM)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-sup-orphan-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const prefix = uniquePrefix('orphan');
    cleanups.push(() => cleanupPrefix(prefix).then(() => undefined));
    const pidFile = path.join(dataDir, 'supervisor.pid');
    // A stand-in for npm: starts the supervisor, records its pid, then waits to be killed.
    const parentCode = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['dist/node/supervisor.mjs'], { stdio: 'inherit' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentCode], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', WORKERS: '1', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (parent.exitCode === null) parent.kill('SIGKILL');
    });
    const logs = logWatcher(parent);
    const web = await logs.waitFor((l) => l.event === 'ready', 30_000, 'the web process');
    const worker = await logs.waitFor((l) => l.msg === 'worker ready', 30_000, 'the worker');
    const supervisorPid = Number(fs.readFileSync(pidFile, 'utf8'));
    parent.kill('SIGKILL');
    for (const pid of [supervisorPid, web.pid!, worker.pid!]) {
      expect(await waitUntil(() => !alive(pid), 15_000), `pid ${pid} still alive`).toBe(true);
    }
  }, 90_000);
});

describe('npm run dev', () => {
  it('serves pages, /ws/echo and the request histogram on one port', async () => {
    const port = await freePort();
    const prefix = uniquePrefix('dev');
    cleanups.push(() => cleanupPrefix(prefix).then(() => undefined));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-dev-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        WORKERS: '0',
        METRICS_TOKEN: DEV_METRICS_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (dev.exitCode === null) dev.kill('SIGKILL');
    });
    const logs = logWatcher(dev);
    const url = `http://127.0.0.1:${port}`;
    const up = await waitUntil(async () => {
      try {
        return (await fetch(`${url}/api/health`)).status === 200;
      } catch {
        return false;
      }
    }, 60_000);
    expect(up, logs.output().slice(-3000)).toBe(true);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    ws.send('hello dev');
    expect(await reply).toBe('hello dev');
    ws.close();

    // The same metrics as production: the health checks above are in the histogram, with Node's runtime metrics.
    const scrape = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${DEV_METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    const count = /^interview_lab_http_request_duration_seconds_count\{route="\/api\/health",method="GET",status="2xx"\} (\d+)$/m.exec(text);
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);

    dev.kill('SIGINT');
    expect(await exited(dev)).toBe(0);
  }, 120_000);
});
