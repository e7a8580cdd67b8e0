// The built portal for bench:lesson: dist/node/web.mjs on a free port with a
// temp data dir (no Redis, no worker: the bench cell only needs /api/health),
// and a logged-in browser session made by the portal's own code.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs = 30_000) {
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

/** Start the portal; `stop()` ends it and removes its data. */
export async function startPortal() {
  if (!fs.existsSync(path.join(ROOT, 'dist/node/web.mjs'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-bench-lesson-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), PUBLIC_ORIGIN: url, LOG_LEVEL: 'warn', REDIS_URL: '', WORKERS: '0' };
  const child = spawn(process.execPath, ['dist/node/web.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForHttp(`${url}/api/health`);
  return {
    url,
    dataDir,
    async stop() {
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A user with a browser session in the portal's database: the session cookie's name and value. */
export async function sessionCookie(portal) {
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'il-bench', `lesson-session-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(ROOT, 'bench/lesson/session.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  const made = spawnSync(process.execPath, [outfile], { cwd: ROOT, env: { ...process.env, DATA_DIR: portal.dataDir, NODE_ENV: 'production', PUBLIC_ORIGIN: portal.url }, encoding: 'utf8' });
  fs.rmSync(outfile, { force: true });
  if (made.status !== 0) throw new Error(`could not create a session: ${made.stderr}`);
  return JSON.parse(made.stdout.trim().split('\n').pop());
}
