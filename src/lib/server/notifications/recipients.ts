import { normalizeEmail } from '../auth/users';
import { getKysely } from '../db/database';
import { prepareQuery } from '../db/query';

/**
 * The few questions the notification pipeline asks about accounts: does a
 * recipient exist, which of some ids do, which ids lie in a range, and who
 * is behind an id or an email (dashboard search). Only ids and emails are
 * read, never credentials.
 */

const existsQuery = prepareQuery(1, (db, id: number) => db.selectFrom('users').select('id').where('id', '=', id));

/** Whether user `id` exists. */
export async function userExists(id: number): Promise<boolean> {
  return (await existsQuery.first([id])) !== undefined;
}

/** Those of `ids` that are users. */
export async function existingUserIds(ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await getKysely()
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Users with ids from `fromId` to `toId`, ascending. */
export async function userIdsBetween(fromId: number, toId: number): Promise<number[]> {
  const rows = await getKysely().selectFrom('users').select('id').where('id', '>=', fromId).where('id', '<=', toId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Up to `limit` user ids above `after`, ascending (fan-out pages through every user). */
export async function userIdsAfter(after: number, limit: number): Promise<number[]> {
  const rows = await getKysely().selectFrom('users').select('id').where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** How many users there are. */
export async function userCount(): Promise<number> {
  const row = await getKysely()
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A user's id and email by id, or null. */
export async function userById(id: number): Promise<{ id: number; email: string } | null> {
  return (await getKysely().selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** A user's id and email by email (stored normalised, looked up the same way), or null. */
export async function userByEmail(email: string): Promise<{ id: number; email: string } | null> {
  return (await getKysely().selectFrom('users').select(['id', 'email']).where('email', '=', normalizeEmail(email)).executeTakeFirst()) ?? null;
}
