import { randomBytes } from 'node:crypto';
import { normalizePassword } from '../../shared/auth/password-rules';
import { logIn } from '../auth/flows/login';
import { redirectResponse } from '../auth/flows/respond';
import { hashPassword } from '../auth/password';
import { deleteUser, insertUser } from '../auth/users';
import { getConfig } from '../config';
import { applySecurityHeaders, defaultCsp } from '../http/security-headers';

/**
 * A real login, shown to the login lesson: a throwaway account with a random
 * password is created, signed in through the very flow /login runs (Argon2id
 * check, new session, Set-Cookie) and deleted again with its session, all
 * within one call. The answer is the response /login would send, with the
 * security headers the middleware adds and the session token cut short, so
 * it shows every flag without handing out a usable cookie. The reader's own
 * account is never touched.
 */

/** The demonstration's result. */
export interface LoginDemo {
  request: { method: 'POST'; path: '/login'; contentType: string; body: string };
  status: number;
  headers: Array<[string, string]>;
  cookie: { name: string; attributes: string[]; tokenLength: number };
  /** The throwaway account existed for this long (create, hash, log in, delete). */
  ms: number;
}

/** Keep a cookie's first characters; the rest is replaced, so the value shown is no credential. */
export function maskSetCookie(line: string): string {
  return line.replace(/^([^=]+)=([^;]*)/, (_m, name: string, value: string) => `${name}=${value.slice(0, 6)}…(${value.length} characters)`);
}

/** Run the demonstration on behalf of `forUserId` (used only to keep its throttle bucket separate). */
export async function runLoginDemo(forUserId: number, now = Date.now()): Promise<LoginDemo> {
  const started = performance.now();
  const email = `login-demo-${randomBytes(6).toString('hex')}@demo.invalid`;
  const password = randomBytes(18).toString('base64url');
  const user = await insertUser(email, await hashPassword(normalizePassword(password)), now);
  if (!user) throw new Error('could not create the demonstration account');
  try {
    const form = new Map([
      ['email', email],
      ['password', password],
    ]);
    // A separate throttle key: demonstrations never use up the reader's own sign-in budget.
    const result = await logIn(form, { ip: `lesson-demo:${forUserId}`, userAgent: 'Interview Lab login lesson', cookieHeader: null, now });
    if (result.kind !== 'redirect') throw new Error(`the demonstration login did not succeed (${result.status})`);
    const response = redirectResponse(result);
    applySecurityHeaders(response.headers, { https: getConfig().publicOriginIsHttps, csp: defaultCsp() });
    if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    const setCookie = response.headers.getSetCookie();
    const headers: Array<[string, string]> = [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers.push([name, value]);
    });
    for (const line of setCookie) headers.push(['set-cookie', maskSetCookie(line)]);
    const first = setCookie[0] ?? '';
    const [pair = '', ...attributes] = first.split(';').map((s) => s.trim());
    return {
      request: {
        method: 'POST',
        path: '/login',
        contentType: 'application/x-www-form-urlencoded',
        body: `email=${encodeURIComponent(email)}&password=(${password.length} random characters, never shown)`,
      },
      status: response.status,
      headers: headers.sort((a, b) => a[0].localeCompare(b[0])),
      cookie: { name: pair.split('=')[0] ?? '', attributes, tokenLength: pair.length - pair.indexOf('=') - 1 },
      ms: Math.round(performance.now() - started),
    };
  } finally {
    // ON DELETE CASCADE removes the session the login just made.
    await deleteUser(user.id);
  }
}
