import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net';

/**
 * Runs Debian's nginx as the current user with the site config from
 * deploy/nginx, rendered into a temp dir: loopback ports, a self-signed
 * certificate made with openssl at test time, its own pid, logs and temp
 * paths. The rendering only swaps the lines a deployer edits (names, ports,
 * paths); every other line is the shipped config, so the test checks what
 * production runs.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy/nginx');
export const NGINX_BIN = process.env.NGINX_PATH ?? (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export interface NginxOptions {
  /** Ports of the web processes the upstream lists. */
  upstreamPorts: number[];
  /** Directory served at /_astro/ (dist/client of the build). */
  clientRoot?: string;
  /** Ports to listen on (chosen beforehand when the portal must know its public origin first). */
  httpsPort?: number;
  httpPort?: number;
}

export interface RunningNginx {
  httpsPort: number;
  httpPort: number;
  /** `https://127.0.0.1:<port>`: the public origin users reach. */
  origin: string;
  /** PEM of the self-signed certificate, for clients to trust. */
  ca: string;
  dir: string;
  errorLog(): string;
  accessLog(): string;
  stop(): Promise<void>;
}

export { freePort };

/** Replace `from` with `to` everywhere; throw if the shipped file no longer contains `from`. */
function swap(text: string, from: string, to: string, file: string): string {
  if (!text.includes(from)) throw new Error(`deploy/nginx/${file} no longer contains ${JSON.stringify(from)}; update tests/helpers/nginx.ts`);
  return text.split(from).join(to);
}

/** The site file and snippets with test values in place of the deployer's. */
export function renderSite(dir: string, opts: { httpPort: number; httpsPort: number; upstreamPorts: number[]; clientRoot: string }): string {
  const snippets = path.join(dir, 'snippets');
  fs.mkdirSync(snippets, { recursive: true });
  for (const f of fs.readdirSync(path.join(DEPLOY, 'snippets'))) {
    fs.copyFileSync(path.join(DEPLOY, 'snippets', f), path.join(snippets, f));
  }
  const file = 'interview-lab.conf';
  let site = fs.readFileSync(path.join(DEPLOY, file), 'utf8');
  const upstream = opts.upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n');
  const edits: [string, string][] = [
    ['    server 127.0.0.1:4321 max_fails=3 fail_timeout=10s;\n    server 127.0.0.1:4322 max_fails=3 fail_timeout=10s;', upstream],
    ['    listen [::]:80;\n', ''],
    ['    listen [::]:443 ssl http2;\n', ''],
    ['    listen 80;', `    listen 127.0.0.1:${opts.httpPort};`],
    ['    listen 443 ssl http2;', `    listen 127.0.0.1:${opts.httpsPort} ssl http2;`],
    ['server_name lab.example.com;', 'server_name 127.0.0.1;'],
    ['/etc/letsencrypt/live/lab.example.com/fullchain.pem', path.join(dir, 'cert.pem')],
    ['/etc/letsencrypt/live/lab.example.com/privkey.pem', path.join(dir, 'key.pem')],
    ['https://$host$request_uri', `https://$host:${opts.httpsPort}$request_uri`],
    ['/srv/interview-lab/dist/client', opts.clientRoot],
    ['/etc/nginx/snippets/', `${snippets}/`],
  ];
  for (const [from, to] of edits) site = swap(site, from, to, file);
  fs.writeFileSync(path.join(dir, file), site);
  return path.join(dir, file);
}

/** The nginx.conf around the site file: foreground, one worker, every path inside `dir`. */
function renderMain(dir: string, siteFile: string): string {
  const temp = path.join(dir, 'temp');
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(temp, t), { recursive: true });
  const mime = fs.existsSync('/etc/nginx/mime.types')
    ? 'include /etc/nginx/mime.types;'
    : 'types { text/html html; text/css css; text/javascript js mjs; application/json json; image/svg+xml svg; application/wasm wasm; }';
  // As root, nginx would hand its workers to "nobody", who cannot read this temp dir.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  const conf = `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    ${mime}
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${temp}/body;
    proxy_temp_path ${temp}/proxy;
    fastcgi_temp_path ${temp}/fastcgi;
    uwsgi_temp_path ${temp}/uwsgi;
    scgi_temp_path ${temp}/scgi;
    include ${siteFile};
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  return file;
}

/** A self-signed certificate for 127.0.0.1 (EC P-256, valid two days). */
function makeCertificate(dir: string): string {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
}

async function waitForPort(port: number, child: ChildProcess, dir: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  throw new Error(`nginx did not start (exit ${child.exitCode}):\n${log}`);
}

/** Render the config, make a certificate, test the config (`nginx -t`) and start nginx. */
export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-nginx-'));
  try {
    return await launch(dir, opts);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(dir: string, opts: NginxOptions): Promise<RunningNginx> {
  const httpPort = opts.httpPort ?? (await freePort());
  const httpsPort = opts.httpsPort ?? (await freePort());
  const ca = makeCertificate(dir);
  const site = renderSite(dir, {
    httpPort,
    httpsPort,
    upstreamPorts: opts.upstreamPorts,
    clientRoot: opts.clientRoot ?? path.join(ROOT, 'dist/client'),
  });
  const conf = renderMain(dir, site);
  const args = ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')];
  execFileSync(NGINX_BIN, [...args, '-t', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const child = spawn(NGINX_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  try {
    await waitForPort(httpsPort, child, dir);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
  return {
    httpsPort,
    httpPort,
    origin: `https://127.0.0.1:${httpsPort}`,
    ca,
    dir,
    errorLog: () => read('error.log') + stderr.join(''),
    accessLog: () => read('access.log'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
