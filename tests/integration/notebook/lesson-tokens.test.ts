import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKysely } from '../../../src/lib/server/db/database';
import { LessonTokenError, MAX_LIVE_LESSON_TOKENS, mintLessonToken } from '../../../src/lib/server/notebook/lesson-tokens';
import { useInProcessDb, type InProcessDb } from '../../helpers/in-process-db';

/**
 * Lesson tokens in this process: the live-token cap holds when many tabs mint
 * at once, the newest survive, and bad slugs or scopes are refused, on
 * SQLite and Postgres alike.
 */
describe.each(['sqlite', 'postgres'] as const)('lesson tokens on %s', (backend) => {
  let db: InProcessDb;
  beforeAll(async () => {
    db = await useInProcessDb(backend);
  });
  afterAll(async () => {
    await db?.stop();
  });

  const live = async (userId: number) =>
    (
      await getKysely()
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', userId)
        .where('kind', '=', 'lesson')
        .where('revoked_at', 'is', null)
        .execute()
    ).map((r) => r.id);

  it(`keeps at most ${MAX_LIVE_LESSON_TOKENS} live, the newest, when tabs mint one after another or at once`, async () => {
    const user = await db.addUser();
    const t0 = Date.now();
    const first: string[] = [];
    for (let i = 0; i < MAX_LIVE_LESSON_TOKENS; i++) first.push((await mintLessonToken(user, 'tour', { now: t0 + i })).record.id);
    expect((await live(user)).sort()).toEqual([...first].sort());
    const burst = await Promise.all(Array.from({ length: 7 }, (_, i) => mintLessonToken(user, 'tour', { now: t0 + 100 + i })));
    const after = await live(user);
    expect(after).toHaveLength(MAX_LIVE_LESSON_TOKENS);
    for (const t of burst) expect(after).toContain(t.record.id);
    // The oldest went first.
    expect(after).not.toContain(first[0]);
    expect(after).toContain(first[first.length - 1]);
  });

  it('refuses a bad slug or a scope beyond the lesson scopes, and makes nothing', async () => {
    const user = await db.addUser();
    await expect(mintLessonToken(user, 'Not A Slug')).rejects.toBeInstanceOf(LessonTokenError);
    await expect(mintLessonToken(user, 'tour', { scopes: ['account:read'] })).rejects.toBeInstanceOf(LessonTokenError);
    expect(await live(user)).toEqual([]);
  });
});
