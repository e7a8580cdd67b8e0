import { startPortal } from '../../helpers/portal';
import { dropTestDatabases } from '../../helpers/postgres';

/**
 * Starts one portal (web + worker) for the whole e2e run and publishes its URL
 * and data dir through the environment, which Playwright passes to workers.
 * `npm run test:e2e` keeps it on SQLite; with TEST_PORTAL_DB=postgres and
 * TEST_DATABASE_URL it runs on a Postgres database of its own, dropped at the end.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const portal = await startPortal({ workers: 1, env: { ADMIN_EMAILS: 'admin@example.test', THROTTLE_IP_FACTOR: '20' } });
  process.env.PORTAL_URL = portal.url;
  process.env.PORTAL_DATA_DIR = portal.dataDir;
  process.env.PORTAL_REDIS_PREFIX = portal.redisPrefix;
  return async () => {
    await portal.stop();
    await dropTestDatabases();
  };
}
