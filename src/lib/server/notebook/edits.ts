import { getKysely } from '../db/database';
import { changed, lockKey, prepareQuery, writeTransaction } from '../db/query';

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

/** A user has reached MAX_EDITS_PER_USER. */
export class TooManyEditsError extends Error {
  override name = 'TooManyEditsError';
}

// Every lesson page load reads these.
const editsOfLesson = prepareQuery<[number, string], { cell_id: string; code: string; base_hash: string; updated_at: number }>(
  2,
  (db, userId, lesson) =>
    db.selectFrom('notebook_edits').select(['cell_id', 'code', 'base_hash', 'updated_at']).where('user_id', '=', userId).where('lesson', '=', lesson),
);

/** Every edit of a user in one lesson, keyed by cell id. */
export async function listEdits(userId: number, lesson: string): Promise<Map<string, CellEdit>> {
  const rows = await editsOfLesson.all([userId, lesson]);
  return new Map(rows.map((r) => [r.cell_id, { cellId: r.cell_id, code: r.code, baseHash: r.base_hash, updatedAt: r.updated_at }]));
}

/** How many edited cells each lesson has for a user. */
export async function countEditsByLesson(userId: number): Promise<Map<string, number>> {
  const rows = await getKysely()
    .selectFrom('notebook_edits')
    .select(['lesson', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .groupBy('lesson')
    .execute();
  return new Map(rows.map((r) => [r.lesson, Number(r.n)]));
}

/** Save (insert or replace) an edit; returns its timestamp. */
export async function saveEdit(
  userId: number,
  lesson: string,
  edit: { cellId: string; code: string; baseHash: string },
  now = Date.now(),
): Promise<number> {
  if (edit.code.length > MAX_EDIT_CHARS) throw new RangeError(`an edit is limited to ${MAX_EDIT_CHARS} characters`);
  await writeTransaction(async (trx) => {
    // Two new cells saved at once must not both pass the limit check.
    await lockKey(trx, `notebook-edits:${userId}`);
    const exists = await trx
      .selectFrom('notebook_edits')
      .select('cell_id')
      .where('user_id', '=', userId)
      .where('lesson', '=', lesson)
      .where('cell_id', '=', edit.cellId)
      .executeTakeFirst();
    if (!exists) {
      const { n } = await trx
        .selectFrom('notebook_edits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_EDITS_PER_USER) throw new TooManyEditsError(`you have ${n} edited cells; reset some before editing more`);
    }
    await trx
      .insertInto('notebook_edits')
      .values({ user_id: userId, lesson, cell_id: edit.cellId, code: edit.code, base_hash: edit.baseHash, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['user_id', 'lesson', 'cell_id']).doUpdateSet((eb) => ({
          code: eb.ref('excluded.code'),
          base_hash: eb.ref('excluded.base_hash'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  });
  return now;
}

/** Remove an edit (Reset); false when there was none. */
export async function deleteEdit(userId: number, lesson: string, cellId: string): Promise<boolean> {
  const result = await getKysely()
    .deleteFrom('notebook_edits')
    .where('user_id', '=', userId)
    .where('lesson', '=', lesson)
    .where('cell_id', '=', cellId)
    .executeTakeFirst();
  return changed(result) === 1;
}
