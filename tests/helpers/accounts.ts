import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { sessionCookieName } from '../../src/lib/server/auth/cookies';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createSession } from '../../src/lib/server/auth/sessions';
import { insertUser, type User } from '../../src/lib/server/auth/users';
import { resetConfigForTests } from '../../src/lib/server/config';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { getKysely } from '../../src/lib/server/db/database';
import { ALL_SCOPES, type Scope } from '../../src/lib/shared/scopes';

/**
 * Test accounts written straight into a portal's SQLite file (the running
 * portal sees them at once through WAL): a user, a browser session cookie and
 * an API token, without going through the login form every time.
 */

/** Point this test process's db/config modules at a data directory. */
export function useDataDir(dataDir: string, env: Record<string, string> = {}): void {
  closeDb();
  process.env.DATA_DIR = dataDir;
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  resetConfigForTests();
  getDb();
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
  useDataDir(dataDir);
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
