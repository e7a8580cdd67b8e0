import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { get, goodPassword, freshEmail, postForm, setCookieHeader, signUpHttp } from '../helpers/auth-http';

/**
 * The session cookie's attributes (`__Host-` and Secure on https) and the
 * headers of every answer (no-store on session responses; CSP, nosniff,
 * Referrer-Policy, Permissions-Policy on every page; HSTS on https),
 * against two real portals: one on http, one on https.
 */

let http: PortalProcess;
let https: PortalProcess;

beforeAll(async () => {
  [http, https] = await Promise.all([
    startPortal({ env: { THROTTLE_IP_FACTOR: '100' } }),
    startPortal({ env: { PUBLIC_ORIGIN: 'https://lab.example.test', THROTTLE_IP_FACTOR: '100' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([http?.stop(), https?.stop()]);
});

function attributes(setCookie: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of setCookie.split(';').slice(1)) {
    const [k, ...v] = part.trim().split('=');
    out.set(k!.toLowerCase(), v.join('='));
  }
  return out;
}

describe('the session cookie is HttpOnly, SameSite=Lax, and __Host- with Secure on https', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, without Domain, not Secure, named "session" on http', async () => {
    const res = await postForm(http.url, '/signup', { email: freshEmail(), password: goodPassword() });
    expect(res.status).toBe(303);
    const header = setCookieHeader(res, 'session');
    expect(header).not.toBeNull();
    const attrs = attributes(header!);
    expect(attrs.has('httponly')).toBe(true);
    expect(attrs.get('samesite')?.toLowerCase()).toBe('lax');
    expect(attrs.get('path')).toBe('/');
    expect(attrs.has('domain')).toBe(false);
    expect(attrs.has('secure')).toBe(false);
  });

  it('is __Host-session and Secure when PUBLIC_ORIGIN is https', async () => {
    const res = await postForm(https.url, '/signup', { email: freshEmail(), password: goodPassword() });
    expect(res.status).toBe(303);
    expect(setCookieHeader(res, 'session')).toBeNull();
    const header = setCookieHeader(res, '__Host-session');
    expect(header).not.toBeNull();
    const attrs = attributes(header!);
    expect(attrs.has('secure')).toBe(true);
    expect(attrs.has('httponly')).toBe(true);
    expect(attrs.get('samesite')?.toLowerCase()).toBe('lax');
    expect(attrs.get('path')).toBe('/');
    expect(attrs.has('domain')).toBe(false);
  });

  it('is cleared with the same attributes on logout', async () => {
    const { cookie } = await signUpHttp(https.url);
    const res = await postForm(https.url, '/logout', {}, { cookie: cookie });
    const header = setCookieHeader(res, '__Host-session');
    expect(header).toMatch(/Max-Age=0/);
    expect(attributes(header!).has('secure')).toBe(true);
  });
});

describe('session answers are not cached and every page carries the security headers', () => {
  function expectSecurityHeaders(res: Response, https: boolean) {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    expect(res.headers.get('permissions-policy')).toBeTruthy();
    if (https) expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    else expect(res.headers.get('strict-transport-security')).toBeNull();
  }

  it('sends no-store on every response that sets or reads the session', async () => {
    const signup = await postForm(http.url, '/signup', { email: freshEmail(), password: goodPassword() });
    expect(signup.headers.get('cache-control')).toContain('no-store');
    const cookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;
    for (const p of ['/welcome', '/account', '/account/tokens', '/account/password', '/api/me']) {
      const res = await get(http.url, p, { cookie });
      expect(res.status, p).toBe(200);
      expect(res.headers.get('cache-control'), p).toContain('no-store');
    }
    const logout = await postForm(http.url, '/logout', {}, { cookie });
    expect(logout.headers.get('cache-control')).toContain('no-store');
  });

  it('puts the security headers on every page, with HSTS only on https', async () => {
    for (const p of ['/', '/login', '/signup', '/forgot-password', '/forgot-password/sent', '/reset-password', '/no-such-page']) {
      expectSecurityHeaders(await get(http.url, p), false);
      expectSecurityHeaders(await get(https.url, p), true);
    }
    const { cookie } = await signUpHttp(http.url);
    expectSecurityHeaders(await get(http.url, '/welcome', { cookie }), false);
  });

  it('answers the emailed reset link (token in the URL) with Referrer-Policy: no-referrer', async () => {
    const res = await get(http.url, '/reset-password?token=abc');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // The clean form page holds no token; same-origin keeps Referers on-site and lets the form's Origin through.
    expect((await get(http.url, '/reset-password')).headers.get('referrer-policy')).toBe('same-origin');
  });
});
