import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getKysely } from '../../src/lib/server/db/database';
import { prepareQuery, writeTransaction } from '../../src/lib/server/db/query';
import { getItem } from '../../src/lib/server/rest/store';
import { useInProcessDb, type InProcessDb } from '../helpers/in-process-db';

/** The title of a todo as the learner sees it (waiting for the read if it must). */
const titleOf = async (item: unknown): Promise<unknown> => ((await item) as { title?: unknown } | null)?.title;

// Reads answered at once (prepareQuery's allNow) must mean what a read through Kysely means:
// never a transaction's uncommitted writes, and the same rows on both backends.
describe.each(['sqlite', 'postgres'] as const)('reads answered at once, on %s', (backend) => {
  let db: InProcessDb;
  let userId: number;
  const override = prepareQuery<[number], { body: string | null }>(1, (k, user) =>
    k.selectFrom('rest_overrides').select('body').where('user_id', '=', user).where('resource', '=', 'todos').where('item_id', '=', 1),
  );
  beforeAll(async () => {
    db = await useInProcessDb(backend);
    userId = await db.addUser();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('answers synchronously only on SQLite outside a transaction', async () => {
    const now = override.allNow([userId]);
    expect(now instanceof Promise).toBe(backend === 'postgres');
    expect(await now).toEqual([]);
    const item = getItem(userId, 'todos', 1);
    expect(item instanceof Promise).toBe(backend === 'postgres');
    expect(await titleOf(item)).toBe('delectus aut autem');
  });

  it('waits for an open write transaction and then sees its commit, never its uncommitted row', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const body = JSON.stringify({ userId: 1, id: 1, title: 'mine', completed: true });
    const tx = writeTransaction(async (trx) => {
      await trx.insertInto('rest_overrides').values({ user_id: userId, resource: 'todos', item_id: 1, body, updated_at: Date.now() }).execute();
      inserted();
      await held;
    });
    await didInsert;
    const during = getItem(userId, 'todos', 1);
    // On SQLite the one connection is inside the transaction: the read must queue, not peek.
    if (backend === 'sqlite') expect(during instanceof Promise).toBe(true);
    const seenDuring = await Promise.race([during, new Promise((r) => setTimeout(() => r('still waiting'), 50))]);
    if (backend === 'sqlite') expect(seenDuring).toBe('still waiting');
    // Postgres (READ COMMITTED, another pooled connection) reads the last committed row.
    else expect((seenDuring as { title: string }).title).toBe('delectus aut autem');
    release();
    await tx;
    expect(await titleOf(during)).toBe(backend === 'sqlite' ? 'mine' : 'delectus aut autem');
    expect(await titleOf(getItem(userId, 'todos', 1))).toBe('mine');
    await getKysely().deleteFrom('rest_overrides').where('user_id', '=', userId).execute();
  });

  it('sees a rolled-back write nowhere', async () => {
    await expect(
      writeTransaction(async (trx) => {
        await trx
          .insertInto('rest_overrides')
          .values({ user_id: userId, resource: 'todos', item_id: 1, body: null, updated_at: Date.now() })
          .execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await override.allNow([userId])).toEqual([]);
    expect(await titleOf(getItem(userId, 'todos', 1))).toBe('delectus aut autem');
  });
});

// Prepared statements inside a write transaction run at once on SQLite (database.ts runSqliteNow) while the
// transaction holds the one connection and nothing is queued on it; everyone else's must still wait for it and
// never join it. The last tests are from a review: a statement run at once must not overtake builder queries
// still queued on the same transaction, and a rollback must undo those too.
describe.each(['sqlite', 'postgres'] as const)('prepared statements in and around a write transaction, on %s', (backend) => {
  let db: InProcessDb;
  let userId: number;
  const insertOverride = prepareQuery<[number, number, string], never>(3, (k, user, item, title) =>
    k.insertInto('rest_overrides').values({ user_id: user, resource: 'todos', item_id: item, body: title, updated_at: 1 }),
  );
  const bodies = prepareQuery<[number], { item_id: number; body: string | null }>(1, (k, user) =>
    k.selectFrom('rest_overrides').select(['item_id', 'body']).where('user_id', '=', user).orderBy('item_id'),
  );
  const setBody = prepareQuery<[number, number, string], never>(3, (k, user, item, body) =>
    k.updateTable('rest_overrides').set({ body }).where('user_id', '=', user).where('item_id', '=', item),
  );
  const row = (item: number, body: string) => ({ user_id: userId, resource: 'todos' as const, item_id: item, body, updated_at: 1 });
  beforeAll(async () => {
    db = await useInProcessDb(backend);
    userId = await db.addUser();
  });
  afterAll(async () => {
    await db?.stop();
  });
  const clear = () => getKysely().deleteFrom('rest_overrides').where('user_id', '=', userId).execute();
  beforeEach(async () => {
    await clear();
  });

  it('sees its own writes, counts rows, and rolls all of them back on failure', async () => {
    await expect(
      writeTransaction(async (trx) => {
        const r = await insertOverride.result([userId, 1, 'one'], trx);
        expect(Number(r.numAffectedRows)).toBe(1);
        await insertOverride.result([userId, 2, 'two'], trx);
        expect(await bodies.all([userId], trx)).toEqual([
          { item_id: 1, body: 'one' },
          { item_id: 2, body: 'two' },
        ]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await bodies.all([userId])).toEqual([]);
  });

  it('turns a failing statement into a rejected promise, and the transaction into nothing', async () => {
    const duplicate = writeTransaction(async (trx) => {
      await insertOverride.result([userId, 3, 'first'], trx);
      // The primary key (user, resource, item) is taken: the driver throws, the caller sees a rejection.
      const second = insertOverride.result([userId, 3, 'again'], trx);
      expect(second).toBeInstanceOf(Promise);
      await second;
    });
    await expect(duplicate).rejects.toThrow(/UNIQUE|duplicate key/);
    expect(await bodies.all([userId])).toEqual([]);
    // The connection is free again: a later transaction commits.
    await writeTransaction((trx) => insertOverride.result([userId, 4, 'kept'], trx));
    expect(await bodies.all([userId])).toEqual([{ item_id: 4, body: 'kept' }]);
    await clear();
  });

  it('makes a write on the process-wide builder wait for an open transaction, and keeps it when that one rolls back', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let begun!: () => void;
    const didBegin = new Promise<void>((r) => (begun = r));
    const tx = writeTransaction(async (trx) => {
      await insertOverride.result([userId, 5, 'rolled back'], trx);
      begun();
      await held;
      throw new Error('undo');
    });
    await didBegin;
    const outside = insertOverride.result([userId, 6, 'outside'], undefined);
    const during = await Promise.race([outside.then(() => 'done'), new Promise((r) => setTimeout(() => r('still waiting'), 50))]);
    // SQLite: the one connection is the transaction's; the write must queue, not slip into it.
    // Postgres: another pooled connection writes at once.
    expect(during).toBe(backend === 'sqlite' ? 'still waiting' : 'done');
    release();
    await expect(tx).rejects.toThrow('undo');
    await outside;
    expect(await bodies.all([userId])).toEqual([{ item_id: 6, body: 'outside' }]);
    await clear();
  });

  it('rolls back a write that was queued behind a failing one (Promise.all)', async () => {
    await getKysely().insertInto('rest_overrides').values(row(1, 'existing')).execute();
    const tx = writeTransaction(async (trx) => {
      await Promise.all([
        trx.insertInto('rest_overrides').values(row(1, 'duplicate')).execute(), // fails: primary key taken
        trx.insertInto('rest_overrides').values(row(2, 'from the rolled-back transaction')).execute(),
      ]);
    });
    await expect(tx).rejects.toThrow(/UNIQUE|duplicate key/);
    await new Promise((r) => setTimeout(r, 20));
    expect(await bodies.all([userId])).toEqual([{ item_id: 1, body: 'existing' }]);
    await clear();
  });

  it('rolls back a write queued behind others when a prepared statement fails (Promise.all)', async () => {
    await getKysely().insertInto('rest_overrides').values(row(1, 'existing')).execute();
    const tx = writeTransaction(async (trx) => {
      await Promise.all([
        trx.insertInto('rest_overrides').values(row(5, 'a')).execute(),
        trx.insertInto('rest_overrides').values(row(6, 'from the rolled-back transaction')).execute(),
        insertOverride.result([userId, 1, 'duplicate'], trx), // fails: primary key taken
      ]);
    });
    await expect(tx).rejects.toThrow(/UNIQUE|duplicate key/);
    await new Promise((r) => setTimeout(r, 20));
    expect(await bodies.all([userId])).toEqual([{ item_id: 1, body: 'existing' }]);
    await clear();
  });

  it('does not let a leftover statement of one transaction land in the next', async () => {
    await getKysely().insertInto('rest_overrides').values(row(1, 'existing')).execute();
    let seenByT2: unknown;
    const t1 = writeTransaction(async (trx) => {
      await Promise.all([
        trx.insertInto('rest_overrides').values(row(7, 'a')).execute(),
        trx.insertInto('rest_overrides').values(row(8, 'leftover of t1')).execute(),
        insertOverride.result([userId, 1, 'duplicate'], trx),
      ]);
    });
    const t2 = writeTransaction(async (trx) => {
      await new Promise((r) => setTimeout(r, 5));
      seenByT2 = await bodies.all([userId], trx);
      throw new Error('t2 rolls back');
    });
    await expect(t1).rejects.toThrow(/UNIQUE|duplicate key/);
    await expect(t2).rejects.toThrow('t2 rolls back');
    expect(seenByT2).toEqual([{ item_id: 1, body: 'existing' }]);
    await clear();
  });

  it('keeps the order in which statements were issued on trx', async () => {
    await writeTransaction(async (trx) => {
      const insertA = trx.insertInto('rest_overrides').values(row(3, 'a')).execute();
      const insertB = trx.insertInto('rest_overrides').values(row(4, 'b')).execute();
      const update = setBody.result([userId, 4, 'b updated'], trx); // issued after the insert of item 4
      const [, , u] = await Promise.all([insertA, insertB, update]);
      expect(Number(u.numAffectedRows)).toBe(1);
    });
    expect(await bodies.all([userId])).toEqual([
      { item_id: 3, body: 'a' },
      { item_id: 4, body: 'b updated' },
    ]);
    await clear();
  });
});
