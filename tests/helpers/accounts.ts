import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { sessionCookieName } from '../../src/lib/server/auth/cookies';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createSession } from '../../src/lib/server/auth/sessions';
import { insertUser, type User } from '../../src/lib/server/auth/users';
import { resetConfigForTests } from '../../src/lib/server/config';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { closeKysely, getKysely, prepareDatabase } from '../../src/lib/server/db/database';
import { ALL_SCOPES, type Scope } from '../../src/lib/shared/scopes';
import { databaseBehind, databaseForDataDir } from './postgres';

/**
 * Test accounts written straight into a portal's SQLite file (the running
 * portal sees them at once through WAL): a user, a browser session cookie and
 * an API token, without going through the login form every time.
 */

/**
 * Point this test process's db/config modules at a data directory and at the
 * database behind it: the Postgres database its portal runs on (see
 * tests/helpers/postgres.ts), else the SQLite file in it.
 */
export function useDataDir(dataDir: string, env: Record<string, string> = {}): void {
  closeDb();
  // closeKysely() forgets the instance at once (the next getKysely() opens the new database); the old pool ends in the background.
  void closeKysely().catch(() => undefined);
  process.env.DATA_DIR = dataDir;
  const database = databaseBehind(dataDir);
  if (database) process.env.DATABASE_URL = database;
  else delete process.env.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  resetConfigForTests();
  if (!process.env.DATABASE_URL) getDb();
}

/**
 * useDataDir, for a data dir that may have no portal yet: in the Postgres pass
 * it gets a database of its own (migrated here), so in-process module tests
 * run on Postgres too; on SQLite the file is opened and migrated as before.
 */
export async function usePortalDatabase(dataDir: string): Promise<void> {
  await databaseForDataDir(dataDir);
  useDataDir(dataDir);
  if (process.env.DATABASE_URL) await prepareDatabase();
}

export interface TestAccount {
  user: User;
  email: string;
  password: string;
  /** `Cookie` header value for a logged-in browser session. */
  cookie: string;
  /** A personal API token with the given scopes (all by default). */
  token: string;
}

/** Create a user with a session and a token in the portal whose data dir is `dataDir`. */
export async function createAccount(
  dataDir: string,
  opts: { email?: string; password?: string; scopes?: Scope[]; admin?: boolean } = {},
): Promise<TestAccount> {
  await usePortalDatabase(dataDir);
  const email = opts.email ?? `user-${randomBytes(4).toString('hex')}@example.test`;
  const password = opts.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const user = await insertUser(email, await hashPassword(password));
  if (!user) throw new Error(`could not create ${email}`);
  if (opts.admin) await getKysely().updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  const { token: sessionToken } = await createSession(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  const { token } = await createApiToken(user.id, {
    kind: 'personal',
    name: 'test',
    scopes: opts.scopes ?? ALL_SCOPES,
    ttlMs: 3_600_000,
  });
  return { user, email, password, cookie: `${sessionCookieName()}=${sessionToken}`, token };
}

/** The portal's database file in a data dir. */
export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'portal.db');
}
