import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKysely } from '../../src/lib/server/db/database';
import { lockKey, writeTransaction } from '../../src/lib/server/db/query';
import { useInProcessDb, type InProcessDb } from '../helpers/in-process-db';

// lockKey makes a read-then-write safe on Postgres (READ COMMITTED) as BEGIN IMMEDIATE makes it on SQLite.
describe.each(['sqlite', 'postgres'] as const)('lockKey on %s', (backend) => {
  let db: InProcessDb;
  beforeAll(async () => {
    db = await useInProcessDb(backend);
  });
  afterAll(async () => {
    await db?.stop();
  });

  /** Read a counter, wait while holding it, write it plus one: lost updates show as a lower total. */
  const bump = (key: string) =>
    writeTransaction(async (trx) => {
      await lockKey(trx, key);
      const row = await trx.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
      await sleep(30);
      const next = String(Number(row?.value ?? 0) + 1);
      await trx
        .insertInto('app_meta')
        .values({ key, value: next })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: next }))
        .execute();
    });

  it('lets writers of one key take turns, so none of them loses an update', async () => {
    await Promise.all([bump('counter'), bump('counter'), bump('counter')]);
    const row = await getKysely().selectFrom('app_meta').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
    expect(row.value).toBe('3');
  });

  it('does not hold writers of different keys back from finishing', async () => {
    await Promise.all([bump('a'), bump('b')]);
    const rows = await getKysely().selectFrom('app_meta').select(['key', 'value']).where('key', 'in', ['a', 'b']).orderBy('key').execute();
    expect(rows).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '1' },
    ]);
  });
});
