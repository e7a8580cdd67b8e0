import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKysely } from '../../../src/lib/server/db/database';
import {
  countEditsByLesson,
  deleteEdit,
  listEdits,
  MAX_EDIT_CHARS,
  MAX_EDITS_PER_USER,
  saveEdit,
  TooManyEditsError,
} from '../../../src/lib/server/notebook/edits';
import { listDoneLessons, setLessonDone } from '../../../src/lib/server/notebook/progress';
import { useInProcessDb, type InProcessDb } from '../../helpers/in-process-db';

/** Saved edits and lesson progress on each backend: limits, upserts, and the edit limit under concurrent saves. */
describe.each(['sqlite', 'postgres'] as const)('notebook data on %s', (backend) => {
  let db: InProcessDb;
  let user: number;
  const hash = '0123456789abcdef';
  beforeAll(async () => {
    db = await useInProcessDb(backend);
    user = await db.addUser();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('saves, replaces, lists, counts and deletes edits per user and lesson', async () => {
    const other = await db.addUser();
    await saveEdit(user, 'tour', { cellId: 'a', code: 'one', baseHash: hash }, 1000);
    expect(await saveEdit(user, 'tour', { cellId: 'a', code: 'two', baseHash: hash }, 2000)).toBe(2000);
    await saveEdit(user, 'other', { cellId: 'b', code: 'x', baseHash: hash });
    expect([...(await listEdits(user, 'tour')).values()]).toEqual([{ cellId: 'a', code: 'two', baseHash: hash, updatedAt: 2000 }]);
    expect(await countEditsByLesson(user)).toEqual(
      new Map([
        ['tour', 1],
        ['other', 1],
      ]),
    );
    expect((await listEdits(other, 'tour')).size).toBe(0);
    expect(await deleteEdit(user, 'tour', 'a')).toBe(true);
    expect(await deleteEdit(user, 'tour', 'a')).toBe(false);
  });

  it('refuses an edit over the size limit and stores nothing', async () => {
    await expect(saveEdit(user, 'big', { cellId: 'c', code: 'x'.repeat(MAX_EDIT_CHARS + 1), baseHash: hash })).rejects.toBeInstanceOf(RangeError);
    expect((await listEdits(user, 'big')).size).toBe(0);
  });

  it(`keeps at most ${MAX_EDITS_PER_USER} edited cells even when new ones are saved at once`, async () => {
    const full = await db.addUser();
    const rows = Array.from({ length: MAX_EDITS_PER_USER - 2 }, (_, i) => ({
      user_id: full,
      lesson: 'bulk',
      cell_id: `c${i}`,
      code: '',
      base_hash: hash,
      updated_at: 1,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await getKysely()
        .insertInto('notebook_edits')
        .values(rows.slice(i, i + 500))
        .execute();
    const saves = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => saveEdit(full, 'race', { cellId: `n${i}`, code: 'new', baseHash: hash })),
    );
    expect(saves.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    for (const s of saves) if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(TooManyEditsError);
    const counts = await countEditsByLesson(full);
    expect((counts.get('bulk') ?? 0) + (counts.get('race') ?? 0)).toBe(MAX_EDITS_PER_USER);
    // Replacing a cell that is already saved still works at the limit.
    await saveEdit(full, 'bulk', { cellId: 'c0', code: 'changed', baseHash: hash });
    expect((await listEdits(full, 'bulk')).get('c0')?.code).toBe('changed');
  });

  it('marks lessons done once (the first time stays) and undone', async () => {
    await setLessonDone(user, 'tour', true, 5000);
    await Promise.all([setLessonDone(user, 'tour', true, 6000), setLessonDone(user, 'tour', true, 7000)]);
    expect(await listDoneLessons(user)).toEqual(new Map([['tour', 5000]]));
    await setLessonDone(user, 'tour', false);
    expect((await listDoneLessons(user)).size).toBe(0);
  });
});
