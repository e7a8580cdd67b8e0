import { getDb } from '../db/connection';

/**
 * A reader's edited cells, saved per user so they come back on any device.
 * Each edit remembers the hash of the lesson's original it started from; when
 * the lesson later changes that cell, the page can say so.
 */

/** Largest saved cell, in characters (the editor refuses to save more). */
export const MAX_EDIT_CHARS = 64 * 1024;
/** Most edited cells one user may keep across all lessons. */
export const MAX_EDITS_PER_USER = 2000;

/** One saved edit. */
export interface CellEdit {
  cellId: string;
  code: string;
  baseHash: string;
  updatedAt: number;
}

interface Row {
  cell_id: string;
  code: string;
  base_hash: string;
  updated_at: number;
}

/** A user has reached MAX_EDITS_PER_USER. */
export class TooManyEditsError extends Error {
  override name = 'TooManyEditsError';
}

/** Every edit of a user in one lesson, keyed by cell id. */
export function listEdits(userId: number, lesson: string): Map<string, CellEdit> {
  const rows = getDb()
    .prepare('SELECT cell_id, code, base_hash, updated_at FROM notebook_edits WHERE user_id = ? AND lesson = ?')
    .all(userId, lesson) as Row[];
  return new Map(rows.map((r) => [r.cell_id, { cellId: r.cell_id, code: r.code, baseHash: r.base_hash, updatedAt: r.updated_at }]));
}

/** How many edited cells each lesson has for a user. */
export function countEditsByLesson(userId: number): Map<string, number> {
  const rows = getDb().prepare('SELECT lesson, COUNT(*) AS n FROM notebook_edits WHERE user_id = ? GROUP BY lesson').all(userId) as Array<{
    lesson: string;
    n: number;
  }>;
  return new Map(rows.map((r) => [r.lesson, r.n]));
}

/** Save (insert or replace) an edit; returns its timestamp. */
export function saveEdit(userId: number, lesson: string, edit: { cellId: string; code: string; baseHash: string }, now = Date.now()): number {
  if (edit.code.length > MAX_EDIT_CHARS) throw new RangeError(`an edit is limited to ${MAX_EDIT_CHARS} characters`);
  const db = getDb();
  db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM notebook_edits WHERE user_id = ? AND lesson = ? AND cell_id = ?').get(userId, lesson, edit.cellId);
    if (!exists) {
      const n = (db.prepare('SELECT COUNT(*) AS n FROM notebook_edits WHERE user_id = ?').get(userId) as { n: number }).n;
      if (n >= MAX_EDITS_PER_USER) throw new TooManyEditsError(`you have ${n} edited cells; reset some before editing more`);
    }
    db.prepare(
      `INSERT INTO notebook_edits (user_id, lesson, cell_id, code, base_hash, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, lesson, cell_id) DO UPDATE SET code = excluded.code, base_hash = excluded.base_hash, updated_at = excluded.updated_at`,
    ).run(userId, lesson, edit.cellId, edit.code, edit.baseHash, now);
  }).immediate();
  return now;
}

/** Remove an edit (Reset); false when there was none. */
export function deleteEdit(userId: number, lesson: string, cellId: string): boolean {
  return getDb().prepare('DELETE FROM notebook_edits WHERE user_id = ? AND lesson = ? AND cell_id = ?').run(userId, lesson, cellId).changes === 1;
}
