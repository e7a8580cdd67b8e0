import path from 'node:path';
import { bootProcess } from '../server/boot';
import { openDatabase } from '../src/lib/server/db/connection';
import { migrate } from '../src/lib/server/db/migrate';

// `npm run db:migrate`: bring $DATA_DIR/portal.db up to date and say what ran.
const config = bootProcess('migrate');
// `--check-config` only validates the environment (bootProcess exits 1 on a bad variable).
if (process.argv.includes('--check-config')) process.exit(0);
const file = path.join(config.dataDir, 'portal.db');
const db = openDatabase(file, { migrate: false });
const applied = migrate(db);
const current = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get();
db.close();
console.log(applied.length ? `applied migrations ${applied.join(', ')} to ${file}` : `${file} is up to date`);
console.log(`schema version ${String(current)}`);
