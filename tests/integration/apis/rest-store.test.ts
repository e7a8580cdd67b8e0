import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/server/http/errors';
import { onChange, type RestChange } from '../../../src/lib/server/rest/events';
import { createItem, deleteItem, getItem, listItems, resetItems, saveItem } from '../../../src/lib/server/rest/store';
import { MAX_CREATED_PER_RESOURCE } from '../../../src/lib/shared/rest/spec';
import { useInProcessDb, type InProcessDb } from '../../helpers/in-process-db';

/**
 * The per-learner store on each backend: overlays, ids, the creation quota,
 * reset and change events, and writes arriving at once (distinct ids, one
 * delete wins).
 */
describe.each(['sqlite', 'postgres'] as const)('the REST store on %s', (backend) => {
  let db: InProcessDb;
  let a: number;
  let b: number;

  beforeAll(async () => {
    db = await useInProcessDb(backend);
    a = await db.addUser();
    b = await db.addUser();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('lays each learner’s changes over the shared records, for them only', async () => {
    await saveItem(a, 'todos', 3, { userId: 1, title: 'mine now', completed: true });
    expect(await deleteItem(a, 'todos', 4)).toBe(true);
    expect(await deleteItem(a, 'todos', 4)).toBe(false);
    expect(await getItem(a, 'todos', 3)).toEqual({ userId: 1, id: 3, title: 'mine now', completed: true });
    expect(await getItem(a, 'todos', 4)).toBeNull();
    expect(await getItem(b, 'todos', 4)).not.toBeNull();
    expect(await listItems(a, 'todos')).toHaveLength(199);
    expect(await listItems(b, 'todos')).toHaveLength(200);
    expect(await deleteItem(a, 'todos', 9999)).toBe(false);
  });

  it('numbers new records after the shared ones and never reuses a deleted id', async () => {
    const first = await createItem(a, 'posts', { userId: 1, title: 't', body: 'b' });
    expect(first.id).toBe(101);
    expect(await deleteItem(a, 'posts', 101)).toBe(true);
    expect(await deleteItem(a, 'posts', 101)).toBe(false);
    expect((await createItem(a, 'posts', { userId: 1, title: 't', body: 'b' })).id).toBe(102);
  });

  it('gives records created at once distinct ids, and lets exactly one of two deletes win', async () => {
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createItem(b, 'users', { name: `n${i}`, username: `u${i}`, email: `u${i}@x.co` })),
    );
    const ids = made.map((m) => m.id).sort((x, y) => x - y);
    expect(ids).toEqual([11, 12, 13, 14, 15, 16]);
    for (const m of made) expect(await getItem(b, 'users', m.id)).toEqual(m);
    const deletes = await Promise.all([deleteItem(b, 'todos', 5), deleteItem(b, 'todos', 5), deleteItem(b, 'users', 11), deleteItem(b, 'users', 11)]);
    expect(deletes.slice(0, 2).sort()).toEqual([false, true]);
    expect(deletes.slice(2).sort()).toEqual([false, true]);
    expect(await resetItems(b, 'users')).toBe(6);
    expect(await resetItems(b, 'todos')).toBe(1);
  });

  it('announces every change to subscribers', async () => {
    const seen: RestChange[] = [];
    const stop = onChange((c) => seen.push(c));
    const made = await createItem(b, 'todos', { userId: 2, title: 'watched', completed: false });
    await saveItem(b, 'todos', made.id, { userId: 2, title: 'watched', completed: true });
    await deleteItem(b, 'todos', made.id);
    stop();
    expect(seen.map((c) => [c.viewerId, c.kind, c.id])).toEqual([
      [b, 'created', made.id],
      [b, 'updated', made.id],
      [b, 'deleted', made.id],
    ]);
  });

  it(`refuses more than ${MAX_CREATED_PER_RESOURCE} created records with 403 until a reset`, async () => {
    const base = (await listItems(b, 'comments')).length;
    for (let i = 0; i < MAX_CREATED_PER_RESOURCE; i++) await createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' });
    const refused = await createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);
    expect((refused as ApiError).code).toBe('quota_exceeded');
    expect(await listItems(b, 'comments')).toHaveLength(base + MAX_CREATED_PER_RESOURCE);
    expect(await resetItems(b, 'comments')).toBe(MAX_CREATED_PER_RESOURCE);
    expect((await createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' })).id).toBe(501);
  });

  it('resets everything of one learner and nothing of another', async () => {
    expect(await resetItems(a)).toBeGreaterThan(0);
    expect(await listItems(a, 'todos')).toHaveLength(200);
    expect(await getItem(b, 'comments', 501)).not.toBeNull();
  });
});
