import { sql, type Kysely } from 'kysely';
import { migrations, type Migration } from './migrations';
import type { DB } from './schema';
import { assertOrdered } from './migrate';

/**
 * The same versioned migrations as SQLite's (migrate.ts), applied to Postgres:
 * one history in `schema_migrations`, each migration in its own transaction
 * with its record. A transaction-scoped advisory lock serialises processes
 * that start together; the one that waited re-checks and skips.
 */

/** Arbitrary but fixed: the advisory lock id that guards migrations. */
const MIGRATION_LOCK = 4_151_700_015;

/** Apply every migration newer than what the database has; returns the versions applied. */
export async function migratePostgres(db: Kysely<DB>, list: readonly Migration[] = migrations): Promise<number[]> {
  assertOrdered(list);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`.execute(trx);
  });
  const applied = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
  const done: number[] = [];
  for (const m of list) {
    if (applied.has(m.version)) continue;
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const again = await trx.selectFrom('schema_migrations').select('version').where('version', '=', m.version).executeTakeFirst();
      if (again) return;
      // No parameters: sent as a simple query, so the migration's several statements run as one.
      await sql.raw(m.pg).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: m.version, name: m.name, applied_at: Date.now() }).execute();
      done.push(m.version);
    });
  }
  return done;
}
