import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../../../src/lib/server/db/connection';
import { createAccount, useDataDir } from '../../helpers/accounts';
import { createTestDatabase, dropTestDatabase, keepOnSqlite } from '../../helpers/postgres';

/**
 * `npm run db:promote`: a SQLite portal with data copied into an empty
 * Postgres database, verified table by table (rows and checksums printed);
 * run again it finds nothing to do; a target that differs is refused unless
 * --force, which replaces it; bad arguments get a usage line; and the SQLite
 * file is the same, byte for byte, afterwards.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

let dataDir: string;
let dbFile: string;
let target: string;
let users: number[];

function promote(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/node/db-promote.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function query<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const fileHash = () => createHash('sha256').update(fs.readFileSync(dbFile)).digest('hex');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-promote-'));
  dbFile = path.join(dataDir, 'portal.db');
  keepOnSqlite(dataDir); // the source of a promotion is a SQLite file in every pass
  users = [];
  for (let i = 0; i < 3; i++) users.push((await createAccount(dataDir)).user.id);
  useDataDir(dataDir);
  const db = getDb();
  db.prepare(
    "INSERT INTO notification_messages (id, sender_id, title, body, priority, created_at) VALUES ('m1', ?, 'Hello', 'naïve ☕ body', 'high', 1)",
  ).run(users[0]);
  const inbox = db.prepare('INSERT INTO inbox (id, recipient_id, message_id, enqueued_at, delivered_at, read_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < 2500; i++) inbox.run(`n${i}`, users[i % 3], 'm1', 1000 + i, 2000 + i, i % 2 ? null : 3000 + i);
  db.prepare(
    "INSERT INTO notification_campaigns (owner_id, message_id, audience, total, chunk_size, chunks, failure_rate, priority_mix, created_at) VALUES (?, 'm1', 'synthetic', 10, 5, 2, 0.25, 'high:1', 5)",
  ).run(users[1]);
  closeDb();
  target = await createTestDatabase(ADMIN_URL, 'promote');
});

afterAll(async () => {
  if (target) await dropTestDatabase(ADMIN_URL, target);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('db:promote', () => {
  it('copies every table into an empty database and prints matching counts and checksums', async () => {
    const before = fileHash();
    const r = promote('--to', target);
    expect(r.stderr).not.toContain('db:promote:');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/copied and verified \d+ tables/);
    const inboxLine = r.stdout.split('\n').find((l) => l.startsWith('inbox '))!;
    expect(inboxLine).toMatch(/^inbox\s+2500\s+2500\s+([0-9a-f]{16})\s+\1\s+ok$/);
    expect(r.stdout).not.toContain('DIFFERENT');
    expect(fileHash()).toBe(before);

    expect(await query('SELECT count(*)::int AS n FROM inbox')).toEqual([{ n: 2500 }]);
    expect(await query("SELECT body FROM notification_messages WHERE id = 'm1'")).toEqual([{ body: 'naïve ☕ body' }]);
    expect(await query('SELECT failure_rate FROM notification_campaigns')).toEqual([{ failure_rate: 0.25 }]);
    const [hash] = await query<{ secret_hash: Buffer }>('SELECT secret_hash FROM sessions LIMIT 1');
    expect(hash!.secret_hash).toHaveLength(32);
    // Identity sequences moved past the copied ids: the next user gets a fresh id.
    const [next] = await query<{ id: string }>(
      "INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES ('new@example.test', 'x', 1, 1) RETURNING id",
    );
    expect(Number(next!.id)).toBe(Math.max(...users) + 1);
    await query("DELETE FROM users WHERE email = 'new@example.test'");
  });

  it('finds nothing to do when run again', () => {
    const r = promote('--to', target);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('already holds exactly this data');
  });

  it('refuses a target that holds other rows, changing nothing, and replaces them with --force', async () => {
    await query("DELETE FROM inbox WHERE id = 'n7'");
    const refused = promote('--to', target);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(await query('SELECT count(*)::int AS n FROM inbox')).toEqual([{ n: 2499 }]);

    const forced = promote('--to', target, '--force');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/copied and verified/);
    expect(await query('SELECT count(*)::int AS n FROM inbox')).toEqual([{ n: 2500 }]);
  });

  it('answers bad arguments with a usage line and exit code 2', () => {
    for (const args of [[], ['--to'], ['--to', 'mysql://x/y'], ['--to', target, '--wat']]) {
      const r = promote(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage: npm run db:promote');
    }
  });
});
