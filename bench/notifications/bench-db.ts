import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { insertUser } from '../../src/lib/server/auth/users';
import { closeDb } from '../../src/lib/server/db/connection';
import { closeKysely, getKysely, prepareDatabase } from '../../src/lib/server/db/database';
import { ALL_SCOPES } from '../../src/lib/shared/scopes';
import { createBenchDatabase, dropBenchDatabase } from './postgres-db';

/**
 * The bench's view of the portal database, the same code on SQLite and
 * Postgres: open it (a fresh `il_bench_` database for Postgres), create the
 * admin account the campaigns run as, follow a campaign's progress, count
 * what it delivered, and close (and drop) it at the end.
 */

/** Which backend a bench run uses. */
export type BenchDb = 'sqlite' | 'postgres';

/** An open bench database. */
export interface BenchDatabase {
  kind: BenchDb;
  /** Environment for this process and the portal's processes (DATABASE_URL for Postgres). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Create (Postgres) and migrate the bench database; sets DATABASE_URL in this process when on Postgres. */
export async function openBenchDatabase(kind: BenchDb): Promise<BenchDatabase> {
  const url = kind === 'postgres' ? await createBenchDatabase() : undefined;
  const env: Record<string, string> = url ? { DATABASE_URL: url } : {};
  Object.assign(process.env, env);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await closeKysely();
    closeDb();
    if (url) await dropBenchDatabase(url);
  };
  try {
    await prepareDatabase();
  } catch (err) {
    await close();
    throw err;
  }
  return { kind, env, close };
}

/** The admin account the bench sends as, with an API token for every scope. */
export async function createBenchAdmin(email: string): Promise<{ id: number; token: string }> {
  // Promise.resolve: auth's account functions turn async with their move to the two-dialect layer; this reads both.
  const admin = await Promise.resolve(insertUser(email, 'bench account without a usable password'));
  if (!admin) throw new Error(`could not create ${email}`);
  const { token } = await Promise.resolve(createApiToken(admin.id, { kind: 'personal', name: 'bench', scopes: ALL_SCOPES, ttlMs: 4 * 3_600_000 }));
  return { id: admin.id, token };
}

/** A campaign's delivered count and status. */
export async function campaignProgress(id: number): Promise<{ delivered: number; status: string }> {
  return getKysely().selectFrom('notification_campaigns').select(['delivered', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Inbox rows of a campaign: all of them, and distinct notification ids (a difference is a duplicate). */
export async function countCampaignRows(id: number): Promise<{ n: number; d: number }> {
  const row = await getKysely()
    .selectFrom('inbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('id').distinct().as('d')])
    .where('message_id', '=', `c${id}`)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), d: Number(row.d) };
}
