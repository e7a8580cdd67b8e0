import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Online backups of the portal's SQLite file through SQLite's backup API
 * (better-sqlite3 `db.backup()`): consistent while web processes and workers
 * keep writing, unlike copying the file, which can catch the WAL half-applied.
 */

/** What one backup produced. */
export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
}

/** Progress of a running backup, in pages. */
export type BackupProgress = (done: number, total: number) => void;

const BACKUP_NAME = /^portal-\d{8}-\d{6}-\d{3}\.db$/;

/** `portal-YYYYMMDD-HHMMSS-mmm.db` in UTC, a name that sorts by time. */
export function backupFileName(at: Date): string {
  const iso = at.toISOString(); // 2026-11-28T01:02:03.456Z
  return `portal-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}.db`;
}

/**
 * Copy the database at `source` to `dest` page by page, then check the copy
 * with `PRAGMA integrity_check`. The copy is written as `dest.partial` and
 * renamed at the end, so a crash never leaves a half backup under a real name.
 */
export async function backupDatabase(source: string, dest: string, onProgress?: BackupProgress): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (fs.existsSync(dest)) throw new Error(`${dest} already exists; backups never overwrite`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const started = performance.now();
  const partial = `${dest}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const meta = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        // Larger steps for big files: fewer restarts when another process writes meanwhile.
        return Math.max(100, Math.ceil(totalPages / 50));
      },
    });
    onProgress?.(meta.totalPages, meta.totalPages);
    verifyBackup(partial);
    fs.renameSync(partial, dest);
    return { file: dest, bytes: fs.statSync(dest).size, pages: meta.totalPages, ms: Math.round(performance.now() - started) };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Make the copy one self-contained file (rollback journal instead of WAL, so
 * no -wal/-shm files appear beside it), then throw unless it is sound.
 */
export function verifyBackup(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`integrity check of ${file} failed: ${String(result)}`);
  } finally {
    copy.close();
  }
}

/** Delete all but the newest `keep` backups in `dir` (only files named like ours); returns what was removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const ours = fs
    .readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse();
  const removed = ours.slice(keep).map((f) => path.join(dir, f));
  for (const f of removed) fs.rmSync(f, { force: true });
  return removed;
}
