import Database from 'better-sqlite3';
import { dbFile } from './accounts';

/** Run `fn` on a read-only connection to the portal database in `dataDir`, closed afterwards. */
export function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile(dataDir), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
