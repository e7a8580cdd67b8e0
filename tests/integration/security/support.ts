import http from 'node:http';
import { getKysely } from '../../../src/lib/server/db/database';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { sessionCookieName } from '../../../src/lib/server/auth/cookies';
import { createApiToken } from '../../../src/lib/server/auth/api-tokens';
import { mintLessonToken } from '../../../src/lib/server/notebook/lesson-tokens';
import type { Scope } from '../../../src/lib/shared/scopes';
import { createAccount, useDataDir, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';

/**
 * What the security tests share: a production-mode portal, the callers an
 * attacker can be (full session, password-only session of a 2FA user, lesson
 * token, token without a scope), and raw HTTP requests that keep the path
 * exactly as written (`curl --path-as-is`).
 */

/** A portal started as `npm start` runs it (NODE_ENV=production), with optional workers. */
export function startProductionPortal(workers = 0, env: Record<string, string> = {}): Promise<PortalProcess> {
  return startPortal({ workers, env: { NODE_ENV: 'production', THROTTLE_IP_FACTOR: '1000', ...env } });
}

/** Every kind of caller the access rules distinguish, for one user with two-factor sign-in. */
export interface Callers {
  account: TestAccount;
  /** Cookie of a session whose second factor was passed. */
  fullCookie: string;
  /** Cookie of a session that passed the password only. */
  pendingCookie: string;
  /** Personal token with every scope. */
  token: string;
  /** Personal token with only the crypto scope. */
  cryptoOnlyToken: string;
  /** Lesson token (what code cells carry). */
  lessonToken: string;
}

/** Make the callers in a portal's database; `admin` gives the user the administrator role. */
export async function makeCallers(dataDir: string, opts: { admin?: boolean } = {}): Promise<Callers> {
  const account = await createAccount(dataDir, { admin: opts.admin });
  useDataDir(dataDir);
  await getKysely().updateTable('users').set({ totp_enabled_at: Date.now() }).where('id', '=', account.user.id).execute();
  const cookieOf = async (twoFactorVerified: boolean) =>
    `${sessionCookieName()}=${(await createSession(account.user.id, { ip: '127.0.0.1', userAgent: 'vitest', twoFactorVerified })).token}`;
  const tokenWith = async (scopes: Scope[]) =>
    (await createApiToken(account.user.id, { kind: 'personal', name: `t-${scopes.join('-')}`, scopes, ttlMs: 3_600_000 })).token;
  return {
    account,
    fullCookie: await cookieOf(true),
    pendingCookie: await cookieOf(false),
    token: account.token,
    cryptoOnlyToken: await tokenWith(['crypto']),
    lessonToken: (await mintLessonToken(account.user.id, 'a1-integration-protocols')).token,
  };
}

/** A raw answer. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Send a request whose path goes on the wire exactly as given (no URL normalisation on our side). */
export function rawRequest(base: string, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: rawPath,
        headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
