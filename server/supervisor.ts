import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnvironment } from '../src/lib/server/config';
import { openDataLayer } from '../src/lib/server/db/open';
import { log } from '../src/lib/server/log';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from '../src/lib/server/redis/private-server';
import { REDIS_MISSING_HELP } from '../src/lib/server/redis/client';
import { bootProcess, EXIT_CANNOT_RUN } from './boot';

/**
 * `npm start` / `npm run dev`: starts a private Redis when REDIS_URL is unset
 * (and redis-server exists), then the web process and WORKERS worker
 * processes; restarts any that dies; on Ctrl-C or SIGTERM stops them all,
 * Redis last, and leaves nothing behind.
 */

const dev = process.argv.includes('--dev');
const config = bootProcess('supervisor');
const slog = log.child({ mod: 'supervisor' });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Managed {
  name: string;
  command: string[];
  child?: ChildProcess;
  startedAt: number;
  failures: number;
  /** Extra environment of this process (a worker's number, for its metrics port). */
  env?: NodeJS.ProcessEnv;
}

const managed: Managed[] = [];
let privateRedis: PrivateRedis | undefined;
let stopping = false;

function launch(m: Managed, env: NodeJS.ProcessEnv): void {
  m.startedAt = Date.now();
  const child = spawn(m.command[0]!, m.command.slice(1), {
    cwd: root,
    env,
    // The IPC channel lets children notice when the supervisor itself dies.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  m.child = child;
  child.on('exit', (code, signal) => {
    m.child = undefined;
    if (stopping) return;
    if (code === EXIT_CANNOT_RUN) {
      // It said why on stderr; the same settings would fail again.
      void shutdown(`${m.name} cannot run as configured`, EXIT_CANNOT_RUN);
      return;
    }
    const ranMs = Date.now() - m.startedAt;
    m.failures = ranMs > 30_000 ? 0 : m.failures + 1;
    // Restart at once after a one-off death; back off when it keeps crashing.
    const delay = m.failures <= 1 ? 200 : Math.min(5000, 250 * 2 ** (m.failures - 1));
    slog.warn('process exited; restarting', { name: m.name, code, signal, inMs: delay });
    setTimeout(() => {
      if (!stopping) launch(m, env);
    }, delay).unref();
  });
}

async function stopChild(m: Managed): Promise<void> {
  const child = m.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 35_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  slog.info('stopping', { signal });
  await Promise.all(managed.map(stopChild));
  await privateRedis?.stop();
  slog.info('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

// `npm start` puts npm (and a shell) above us. When that parent is killed
// with SIGTERM (an IDE's stop button, `timeout`) it does not pass the signal
// on, and we would run on as an orphan: notice the new parent and stop.
const parentAtStart = process.ppid;
setInterval(() => {
  if (parentAtStart > 1 && process.ppid !== parentAtStart) void shutdown('parent process gone');
}, 1000).unref();

if (config.isProduction && !config.smtpUrl) {
  slog.warn(
    `SMTP_URL is not set: mail (password resets included) is only written to ${config.dataDir}/mail/*.eml and not sent. Set SMTP_URL; meanwhile "npm run mail:list" and "npm run mail:show latest" read it here (or NODE_ENV=development shows it at /dev/mail).`,
  );
}
if (config.isProduction && !config.secretKey) {
  slog.warn('SECRET_KEY is not set: two-factor sign-in is unavailable until it is (openssl rand -base64 32 | tr "+/" "-_").');
}

// Migrate once here so the processes do not all race to do it. An unreachable
// Postgres is not fatal: the web process keeps retrying and /api/health says why.
await openDataLayer('migrate');

const env = childEnvironment();
if (!config.redisUrl) {
  if (findRedisServer()) {
    privateRedis = await startPrivateRedis(config.dataDir);
    env.REDIS_URL = privateRedis.url;
    privateRedis.child.on('exit', (code) => {
      if (!stopping) slog.error('private redis-server exited; queue features are down until restart', { code });
    });
  } else {
    slog.warn(`REDIS_URL is not set and redis-server is not installed: the queue is off. ${REDIS_MISSING_HELP}`);
  }
}

const node = process.execPath;
managed.push({
  name: 'web',
  command: dev ? [node, path.join(root, 'node_modules/astro/astro.js'), 'dev'] : [node, path.join(root, 'dist/node/web.mjs')],
  startedAt: 0,
  failures: 0,
});
const workerCount = env.REDIS_URL ? config.workers : 0;
for (let i = 0; i < workerCount; i++) {
  managed.push({
    name: `worker-${i + 1}`,
    command: [node, path.join(root, 'dist/node/worker.mjs')],
    startedAt: 0,
    failures: 0,
    env: { IL_WORKER_INDEX: String(i + 1) },
  });
}
for (const m of managed) launch(m, { ...env, ...m.env, NODE_ENV: env.NODE_ENV ?? (dev ? 'development' : 'production') });
slog.info('started', { web: dev ? 'astro dev' : 'dist/node/web.mjs', workers: workerCount, redis: env.REDIS_URL ? 'yes' : 'missing' });
