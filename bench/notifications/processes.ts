import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Portal processes for the bench: the built web and worker entries started
 * exactly as `npm start` would, on one data dir and one Redis, plus their
 * resident memory read from /proc.
 */

export const ROOT = process.cwd();

/** A started child and the JSON log lines it printed. */
export interface Proc {
  name: string;
  child: ChildProcess;
}

function waitForLog(child: ChildProcess, msg: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no "${msg}" within ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.includes(`"msg":"${msg}`)) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.stdout?.resume();
          resolve(JSON.parse(line) as Record<string, unknown>);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before "${msg}"`)));
  });
}

/** Start the web process; resolves with its URL. */
export async function startWeb(env: NodeJS.ProcessEnv): Promise<Proc & { url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/web.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await waitForLog(child, 'Interview Lab is ready on ', 30_000);
  // Keep reading so a full pipe never blocks the process.
  child.stdout?.on('data', () => undefined);
  return { name: 'web', child, url: `http://127.0.0.1:${String(line.port)}` };
}

/** Start a worker process; resolves once it reports ready. */
export async function startWorker(env: NodeJS.ProcessEnv, name: string, wait = true): Promise<Proc> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/worker.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = waitForLog(child, 'worker ready', 30_000);
  if (wait) await ready;
  else ready.catch(() => undefined);
  child.stdout?.on('data', () => undefined);
  return { name, child };
}

/** Resident memory of a process in bytes (0 when it is gone). */
export function rssBytes(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Stop a child with SIGTERM (SIGKILL after 15 s). */
export function stop(p: Proc): Promise<void> {
  const c = p.child;
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
    c.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    c.kill('SIGTERM');
  });
}
