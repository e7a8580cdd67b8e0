import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, dbFile } from '../helpers/accounts';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { keepOnSqlite } from '../helpers/postgres';

/** `npm run db:backup` (dist/node/db-backup.mjs) against a running portal's database. */

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Run the backup command asynchronously, so a writer in this process keeps committing meanwhile. */
function backup(dataDir: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/node/db-backup.mjs'), ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' }, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('db:backup', () => {
  let portal: PortalProcess;
  let dataDir: string;
  let outDir: string;

  beforeAll(async () => {
    // db:backup copies the SQLite file; on Postgres, backups are the database server's (pg_dump), so this stays on SQLite in every pass.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-backup-data-'));
    keepOnSqlite(dataDir);
    portal = await startPortal({ dataDir });
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-backup-'));
  });
  afterAll(async () => {
    await portal?.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies the live database consistently while another connection writes, and keeps the newest N', async () => {
    const account = await createAccount(portal.dataDir);
    // A second writer keeps committing while the backups run.
    const writer = new Database(dbFile(portal.dataDir));
    writer.pragma('busy_timeout = 5000');
    writer.exec('CREATE TABLE IF NOT EXISTS backup_probe (n INTEGER)');
    const timer = setInterval(() => writer.prepare('INSERT INTO backup_probe (n) VALUES (?)').run(Date.now()), 2);
    const runs = [];
    try {
      for (let i = 0; i < 3; i++) {
        runs.push(await backup(portal.dataDir, ['--dir', outDir, '--keep', '2']));
      }
    } finally {
      clearInterval(timer);
      writer.close();
    }
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^backup written to .*portal-\d{8}-\d{6}-\d{3}\.db \(\d+ pages, [\d.]+ KiB, integrity ok, \d+ ms\)/);
    }
    expect(runs[2]!.stdout).toContain('removed 1 older backup');
    const files = fs.readdirSync(outDir).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^portal-\d{8}-\d{6}-\d{3}\.db$/.test(f))).toBe(true);

    const copy = new Database(path.join(outDir, files[1]!), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = copy.prepare('SELECT email FROM users WHERE id = ?').get(account.user.id) as { email: string } | undefined;
      expect(row?.email).toBe(account.email);
      expect(copy.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThan(0);
      // Rows the concurrent writer committed before the last backup are in it.
      expect(copy.prepare('SELECT COUNT(*) FROM backup_probe').pluck().get()).toBeGreaterThan(0);
    } finally {
      copy.close();
    }
  });

  it('refuses bad arguments and a missing database with a clear message', async () => {
    const badKeep = await backup(portal.dataDir, ['--keep', '0']);
    expect(badKeep.status).toBe(2);
    expect(badKeep.stderr).toContain('--keep must be a whole number from 1 to 1000');
    const unknown = await backup(portal.dataDir, ['--frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument "--frobnicate"');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'il-nodb-'));
    try {
      const missing = await backup(empty, []);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('no database at');
      expect(fs.existsSync(path.join(empty, 'portal.db'))).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
