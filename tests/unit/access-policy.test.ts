import { describe, expect, it } from 'vitest';
import { isAccountPath, isPublicPath, loginRedirectUrl, safeNextPath } from '../../src/lib/server/http/access-policy';

describe('safeNextPath', () => {
  it.each(['/lessons', '/lessons/a1?x=1#top', '/account/tokens'])('keeps the relative path %s', (p) => {
    expect(safeNextPath(p)).toBe(p);
  });
  it.each(['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'lessons', '/x\n/y', '', null, undefined])(
    'refuses %s',
    (p) => {
      expect(safeNextPath(p)).toBe('/welcome');
    },
  );
});

describe('gate lists', () => {
  it('keeps the landing, auth forms and health public and gates the rest', () => {
    for (const p of ['/', '/login', '/signup', '/forgot-password', '/forgot-password/sent', '/reset-password', '/api/health']) {
      expect(isPublicPath(p)).toBe(true);
    }
    for (const p of ['/welcome', '/lessons', '/lessons/a1', '/account', '/dashboard/notifications', '/api/rest/todos/1']) {
      expect(isPublicPath(p)).toBe(false);
    }
  });
  it('recognises account paths', () => {
    expect(isAccountPath('/account')).toBe(true);
    expect(isAccountPath('/account/tokens')).toBe(true);
    expect(isAccountPath('/api/account/sessions')).toBe(true);
    expect(isAccountPath('/accounting')).toBe(false);
  });
  it('builds the login redirect with an encoded next', () => {
    expect(loginRedirectUrl('/lessons?x=1')).toBe('/login?next=%2Flessons%3Fx%3D1');
  });
});
