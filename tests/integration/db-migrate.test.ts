import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/connection';
import { migrate } from '../../src/lib/server/db/migrate';
import { migrations } from '../../src/lib/server/db/migrations';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-db-'));
  dirs.push(dir);
  return path.join(dir, 'portal.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('SQLite connection and migrations', () => {
  it('opens in WAL mode with foreign keys and a busy timeout, and applies every migration once', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(migrations.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back completely and records nothing for it', () => {
    const db = new Database(tempFile());
    const list = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)', pg: '' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO nope VALUES (1);', pg: '' },
    ];
    expect(() => migrate(db, list)).toThrow(/nope/);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    db.close();
  });

  it('refuses migrations listed out of order', () => {
    const db = new Database(':memory:');
    expect(() =>
      migrate(db, [
        { version: 2, name: 'b', sql: '', pg: '' },
        { version: 1, name: 'a', sql: '', pg: '' },
      ]),
    ).toThrow(/out of order/);
  });

  it('lets two connections race to migrate the same file without double-applying', () => {
    const file = tempFile();
    const a = openDatabase(file, { migrate: false });
    const b = openDatabase(file, { migrate: false });
    const first = migrate(a);
    const second = migrate(b);
    expect(first.length).toBe(migrations.length);
    expect(second).toEqual([]);
    a.close();
    b.close();
  });
});
