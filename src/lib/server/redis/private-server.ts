import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient } from 'redis';
import { log } from '../log';

/**
 * A private redis-server for a portal started without REDIS_URL: loopback
 * only, a free port, AOF on (so queued notifications survive a restart), data
 * under `$DATA_DIR/redis`, stopped together with the portal.
 */

const plog = log.child({ mod: 'private-redis' });

/** Path of the redis-server binary, or null when it is not installed. */
export function findRedisServer(): string | null {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

/** A port the OS says is free right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A running private Redis. */
export interface PrivateRedis {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

function killStale(pidFile: string): void {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 1) return;
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    // Only ever kill a redis-server that was started on our data directory.
    if (cmd.includes('redis-server') && cmd.includes(path.dirname(pidFile))) {
      process.kill(pid, 'SIGTERM');
      plog.warn('stopped a private redis-server left behind by an earlier run', { pid });
    }
  } catch {
    // No pid file or no such process: nothing to clean.
  }
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const c = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      await c.close();
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      // A client whose connect failed is already closed; destroy() would throw.
      if (c.isOpen) c.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms: ${lastError}`);
}

/** Start a private redis-server under `dataDir/redis`; throws when the binary is missing or it fails to start. */
export async function startPrivateRedis(dataDir: string, opts: { port?: number; binary?: string } = {}): Promise<PrivateRedis> {
  const binary = opts.binary ?? findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  killStale(pidFile);
  const port = opts.port ?? (await freePort());
  const args = [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    dir,
    '--pidfile',
    pidFile,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--protected-mode',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--logfile',
    path.join(dir, 'redis.log'),
  ];
  const child = spawn(binary, args, { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  plog.info('private redis-server started', { port, dir });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { url, port, child, stop };
}
