import { getConfig } from '../config';

/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain; on https it
 * is Secure and carries the `__Host-` prefix, which browsers only accept with
 * exactly those attributes.
 */

/** The cookie's name for this deployment. */
export function sessionCookieName(): string {
  return getConfig().publicOriginIsHttps ? '__Host-session' : 'session';
}

/** Set-Cookie value that stores a session token until `expiresAt`. */
export function sessionCookieHeader(token: string, expiresAt: number): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(expiresAt).toUTCString()}${secure}`;
}

/** Set-Cookie value that removes the session cookie. */
export function clearSessionCookieHeader(): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/** Read one cookie from a Cookie header without decoding surprises. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The reset cookie: the emailed link's token is moved into it at once so the
 * address bar, history and any Referer never hold the token. Same attributes
 * as the session cookie, short-lived.
 */
export function resetCookieName(): string {
  return getConfig().publicOriginIsHttps ? '__Host-reset' : 'reset';
}

/** Set-Cookie value that stores a reset token for `maxAgeSeconds`. */
export function resetCookieHeader(token: string, maxAgeSeconds: number): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${resetCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

/** Set-Cookie value that removes the reset cookie. */
export function clearResetCookieHeader(): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${resetCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/**
 * The device cookie (see login-devices.ts): marks a browser that has signed
 * in to an account before. Same attributes as the session cookie; it lives
 * much longer, and it is no credential: it only picks which throttle bucket
 * a login attempt from this browser draws from.
 */
export function deviceCookieName(): string {
  return getConfig().publicOriginIsHttps ? '__Host-device' : 'device';
}

/** Set-Cookie value that stores a device token until `expiresAt`. */
export function deviceCookieHeader(token: string, expiresAt: number): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${deviceCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(expiresAt).toUTCString()}${secure}`;
}

/**
 * The login hint: after a reset, the address the password was reset for, so
 * /login can fill it in. Only for /login, HttpOnly, ten minutes; it holds
 * nothing the browser's user did not just type or see on the reset page.
 */
export function loginHintCookieName(): string {
  return getConfig().publicOriginIsHttps ? '__Secure-login_hint' : 'login_hint';
}

/** Set-Cookie value that remembers `email` for the next /login page. */
export function loginHintCookieHeader(email: string): string {
  const secure = getConfig().publicOriginIsHttps ? '; Secure' : '';
  return `${loginHintCookieName()}=${encodeURIComponent(email)}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=600${secure}`;
}

/** The address a login hint cookie holds, or '' (malformed values are ignored). */
export function readLoginHint(cookieHeader: string | null | undefined): string {
  const raw = readCookie(cookieHeader, loginHintCookieName());
  if (!raw || raw.length > 800) return '';
  try {
    const email = decodeURIComponent(raw);
    return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : '';
  } catch {
    return '';
  }
}
