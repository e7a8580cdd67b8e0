import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './net';

/**
 * A PostgreSQL server of a test's own, for stopping and starting it under a
 * running portal: Debian's `initdb` and `pg_ctl` (the `postgresql` package)
 * make a cluster in a temp dir and run it on a free loopback port, trust
 * auth, no fsync. PostgreSQL refuses to run as root, so as root the cluster
 * belongs to the `postgres` user the package creates (`runuser -u postgres`).
 */

const run = promisify(execFile);

/** The newest installed server's bin dir (PG_BIN overrides), or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin/pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  adminUrl: string;
  port: number;
  /** Stop it (fast shutdown: open connections are ended). */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stop it and remove its cluster. */
  dispose(): Promise<void>;
}

/** Make a cluster in a temp dir (named after `label`) and start it on a free port. */
export async function startOwnPostgres(label: string): Promise<OwnPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin): sudo apt-get install postgresql');
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `il-own-pg-${label}-`));
  if (asRoot) fs.chownSync(dir, ...postgresIds());
  const data = path.join(dir, 'data');
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const port = await freePort();
  await pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async () => {
    await pgRun('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  const stop = async () => {
    await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  let running = true;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async dispose() {
      if (running) await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** uid and gid of the `postgres` user (Debian's package creates it). */
function postgresIds(): [number, number] {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and there is no postgres user to run PostgreSQL as: sudo apt-get install postgresql');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
