import path from 'node:path';
import { bootProcess } from '../server/boot';
import { openDatabase } from '../src/lib/server/db/connection';
import { closeKysely, getKysely } from '../src/lib/server/db/database';
import { migrate } from '../src/lib/server/db/migrate';
import { migratePostgres } from '../src/lib/server/db/migrate-postgres';
import { redactUrl } from '../src/lib/server/db/postgres';

// `npm run db:migrate`: bring the database (DATABASE_URL, else $DATA_DIR/portal.db) up to date and say what ran.
const config = bootProcess('migrate');
// `--check-config` only validates the environment (bootProcess exits 1 on a bad variable).
if (process.argv.includes('--check-config')) process.exit(0);
let where: string;
let applied: number[];
let current: unknown;
if (config.databaseUrl) {
  where = redactUrl(config.databaseUrl);
  const db = getKysely();
  try {
    applied = await migratePostgres(db);
    current = (
      await db
        .selectFrom('schema_migrations')
        .select((eb) => eb.fn.max('version').as('v'))
        .executeTakeFirst()
    )?.v;
  } catch (err) {
    console.error(`cannot migrate ${where}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  } finally {
    await closeKysely();
  }
} else {
  where = path.join(config.dataDir, 'portal.db');
  const db = openDatabase(where, { migrate: false });
  applied = migrate(db);
  current = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();
  db.close();
}
console.log(applied.length ? `applied migrations ${applied.join(', ')} to ${where}` : `${where} is up to date`);
console.log(`schema version ${String(current)}`);
