import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The built portal as `npm start` runs it (the supervisor: a web process, a
 * worker and, with REDIS_URL unset, a private redis-server under the data
 * dir), on a given port with a throwaway data dir. Nothing shared to clean.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AuditPortal {
  url: string;
  stop(): Promise<void>;
}

/** Start the supervisor and wait until the web process and a worker answer. */
export async function startAuditPortal(port: number, env: Record<string, string>): Promise<AuditPortal> {
  if (!fs.existsSync(path.join(ROOT, 'dist/node/supervisor.mjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-lighthouse-'));
  const childEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WORKERS: '1',
    ...env,
  };
  delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/supervisor.mjs')], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited:\n${output.join('')}`);
    try {
      const health = (await (await fetch(`${url}/api/health`)).json()) as { db: string; redis: string; worker: string };
      // With Redis, wait for the worker too, so no page shows a half-started portal.
      if (health.db === 'ok' && (health.worker === 'ok' || health.redis !== 'ok')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the portal did not become ready in 30 s:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
