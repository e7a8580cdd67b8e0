import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '../../../src/lib/server/db/connection';
import { ApiError } from '../../../src/lib/server/http/errors';
import { onChange, type RestChange } from '../../../src/lib/server/rest/events';
import { createItem, deleteItem, getItem, listItems, resetItems, saveItem } from '../../../src/lib/server/rest/store';
import { MAX_CREATED_PER_RESOURCE } from '../../../src/lib/shared/rest/spec';
import { createAccount } from '../../helpers/accounts';

/** The per-learner store on a real SQLite file: overlays, ids, the creation quota, reset and change events. */

let dataDir: string;
let a: number;
let b: number;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-store-'));
  a = (await createAccount(dataDir)).user.id;
  b = (await createAccount(dataDir)).user.id;
});
afterAll(() => {
  closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the REST store', () => {
  it('lays each learner’s changes over the shared records, for them only', () => {
    saveItem(a, 'todos', 3, { userId: 1, title: 'mine now', completed: true });
    deleteItem(a, 'todos', 4);
    expect(getItem(a, 'todos', 3)).toEqual({ userId: 1, id: 3, title: 'mine now', completed: true });
    expect(getItem(a, 'todos', 4)).toBeNull();
    expect(getItem(b, 'todos', 4)).not.toBeNull();
    expect(listItems(a, 'todos')).toHaveLength(199);
    expect(listItems(b, 'todos')).toHaveLength(200);
  });

  it('numbers new records after the shared ones and never reuses a deleted id', () => {
    const first = createItem(a, 'posts', { userId: 1, title: 't', body: 'b' });
    expect(first.id).toBe(101);
    expect(deleteItem(a, 'posts', 101)).toBe(true);
    expect(createItem(a, 'posts', { userId: 1, title: 't', body: 'b' }).id).toBe(102);
  });

  it('announces every change to subscribers', () => {
    const seen: RestChange[] = [];
    const stop = onChange((c) => seen.push(c));
    const made = createItem(b, 'todos', { userId: 2, title: 'watched', completed: false });
    saveItem(b, 'todos', made.id, { userId: 2, title: 'watched', completed: true });
    deleteItem(b, 'todos', made.id);
    stop();
    expect(seen.map((c) => [c.viewerId, c.kind, c.id])).toEqual([
      [b, 'created', made.id],
      [b, 'updated', made.id],
      [b, 'deleted', made.id],
    ]);
  });

  it(`refuses more than ${MAX_CREATED_PER_RESOURCE} created records with 403 until a reset`, () => {
    const base = listItems(b, 'comments').length;
    for (let i = 0; i < MAX_CREATED_PER_RESOURCE; i++) createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' });
    let refused: unknown;
    try {
      createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);
    expect((refused as ApiError).code).toBe('quota_exceeded');
    expect(listItems(b, 'comments')).toHaveLength(base + MAX_CREATED_PER_RESOURCE);
    expect(resetItems(b, 'comments')).toBe(MAX_CREATED_PER_RESOURCE);
    expect(createItem(b, 'comments', { postId: 1, name: 'n', email: 'a@b.co', body: 'x' }).id).toBe(501);
  });

  it('resets everything of one learner and nothing of another', () => {
    expect(resetItems(a)).toBeGreaterThan(0);
    expect(listItems(a, 'todos')).toHaveLength(200);
    expect(getItem(b, 'comments', 501)).not.toBeNull();
  });
});
