import { log } from '../log';
import { closeDb, getDb } from './connection';
import { closeKysely, dialectName, prepareDatabase, prepareDatabaseInBackground, type DialectName } from './database';
import { redactUrl } from './postgres';
import { getConfig } from '../config';

/**
 * The data layer's start and stop, the same for every process, so the
 * dialect branching lives here and not in server/ or workers/.
 */

const olog = log.child({ mod: 'db' });

/**
 * Open the data layer at process start; resolves with the backend in use.
 * - `serve` (web, worker): SQLite is opened and migrated before the process
 *   takes any work (a failed migration stops the start). Postgres may be down
 *   or still starting: it is migrated in the background, retried every 2 s,
 *   the process serves meanwhile and `/api/health` says why the db is down.
 * - `migrate` (the supervisor, once, before it starts the others so they do
 *   not all race to migrate): migrate, then close; an unreachable Postgres is
 *   logged, not fatal, since the web processes keep retrying.
 */
export async function openDataLayer(use: 'serve' | 'migrate'): Promise<DialectName> {
  const dialect = dialectName();
  if (dialect === 'sqlite') {
    getDb();
    if (use === 'migrate') closeDb();
    return dialect;
  }
  if (use === 'serve') {
    void prepareDatabaseInBackground();
    return dialect;
  }
  await prepareDatabase().catch((err: unknown) =>
    olog.error('postgres is not reachable yet; starting anyway', {
      url: redactUrl(getConfig().databaseUrl!),
      err: err instanceof Error ? err.message : String(err),
    }),
  );
  await closeKysely();
  return dialect;
}

/** Close what openDataLayer opened: the Postgres pool or the SQLite handle (graceful shutdown). */
export async function closeDataLayer(): Promise<void> {
  await closeKysely();
  closeDb();
}
