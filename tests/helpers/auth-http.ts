import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * HTTP helpers for the auth tests: form posts the way a browser sends them
 * (same-origin `Origin`, urlencoded body, no redirect following), cookie
 * extraction, and reading the mails the portal dropped in `$DATA_DIR/mail/`.
 */

export interface PostOptions {
  cookie?: string | null;
  headers?: Record<string, string>;
  /** Send this raw body (Buffer/string) instead of encoding `fields`. */
  rawBody?: Buffer | string;
}

/** POST a urlencoded form with a same-origin Origin header; redirects are not followed. */
export function postForm(base: string, pathname: string, fields: Record<string, string>, opts: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    origin: new URL(base).origin,
    ...(opts.cookie ? { cookie: opts.cookie } : {}),
    ...opts.headers,
  };
  return fetch(new URL(pathname, base), {
    method: 'POST',
    headers,
    body:
      opts.rawBody === undefined
        ? new URLSearchParams(fields).toString()
        : typeof opts.rawBody === 'string'
          ? opts.rawBody
          : new Uint8Array(opts.rawBody),
    redirect: 'manual',
  });
}

/** GET without following redirects. */
export function get(base: string, pathname: string, opts: { cookie?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(new URL(pathname, base), {
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
    redirect: 'manual',
  });
}

/** The `name=value` pair of a cookie a response sets (null when it sets none by that name). */
export function cookieFrom(res: Response, name: string): string | null {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';', 1)[0]!;
    if (pair.slice(0, pair.indexOf('=')) === name) return pair;
  }
  return null;
}

/** The full Set-Cookie header for a cookie name. */
export function setCookieHeader(res: Response, name: string): string | null {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? null;
}

/** A fresh, unused email address. */
export function freshEmail(tag = 'u'): string {
  return `${tag}-${randomBytes(5).toString('hex')}@example.test`;
}

/** A password that passes the policy. */
export function goodPassword(): string {
  return `violet lantern ${randomBytes(4).toString('hex')} harbour`;
}

/** Sign up through the form; returns the session cookie pair. */
export async function signUpHttp(
  base: string,
  email = freshEmail(),
  password = goodPassword(),
  headers: Record<string, string> = {},
): Promise<{ email: string; password: string; cookie: string }> {
  const res = await postForm(base, '/signup', { email, password }, { headers });
  const cookie = cookieFrom(res, 'session') ?? cookieFrom(res, '__Host-session');
  if (res.status !== 303 || !cookie) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return { email, password, cookie };
}

/** Log in through the form; returns the response (303 with a cookie on success). */
export function logInHttp(base: string, email: string, password: string, opts: PostOptions = {}): Promise<Response> {
  return postForm(base, '/login', { email, password }, opts);
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Every mail in a data dir's outbox, oldest first, with the plain-text part decoded. */
export function readMails(dataDir: string): { file: string; raw: string; to: string; subject: string; text: string }[] {
  const dir = path.join(dataDir, 'mail');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const to = /^To: (.*)$/m.exec(raw)?.[1] ?? '';
      const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
      const textPart = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?\n([\s\S]*?)\n--/i.exec(raw)?.[1] ?? '';
      // Only the text part's own headers say how its body is encoded (the HTML part may differ).
      const qp = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?Content-Transfer-Encoding: quoted-printable/i.test(raw);
      return { file, raw, to, subject, text: qp ? decodeQuotedPrintable(textPart) : textPart };
    });
}

/** Wait until a mail to `to` whose subject matches arrives (mail is sent in the background); returns the newest. */
export async function waitForMail(dataDir: string, to: string, subject: RegExp, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readMails(dataDir).filter((m) => m.to.includes(to) && subject.test(m.subject));
    if (found.length) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The reset link in the newest reset mail to `to`. */
export async function resetLinkFor(dataDir: string, to: string, after = 0): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const mails = readMails(dataDir).filter((m) => m.to.includes(to) && /reset your/i.test(m.subject));
    const mail = mails.slice(after).pop();
    const link = mail && /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no reset mail to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How a test calls the portal as a browser (cookie) or a script (bearer token). */
export interface CallOptions extends RequestInit {
  cookie?: string;
  token?: string;
}

/**
 * A request to the portal at `base` as a signed-in user: the session cookie or
 * bearer token goes in its header, a state-changing method gets the portal's
 * own Origin (as a browser sends it), and redirects are not followed.
 */
export function callAs(base: string, pathname: string, init: CallOptions = {}): Promise<Response> {
  const { cookie, token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (cookie) headers.set('cookie', cookie);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (rest.method && rest.method !== 'GET' && !headers.has('origin')) headers.set('origin', new URL(base).origin);
  return fetch(new URL(pathname, base), { ...rest, headers, redirect: 'manual' });
}

/** A JSON request body with its Content-Type, to spread into `callAs`'s options. */
export const jsonBody = (v: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) });
