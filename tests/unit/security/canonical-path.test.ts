import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPath, canonicalTarget } from '../../../src/lib/server/http/canonical-path';
import { guardRequest, type GuardRequest } from '../../../src/lib/server/http/request-guard';
import { pathSpelling } from './path-spellings';

/**
 * The canonical path: every spelling a browser, curl --path-as-is or a proxy
 * might send lands on one form, or is refused; and the guard's decision on
 * any spelling equals its decision on the canonical path.
 */

const ROUTES = [
  '/dev/mail',
  '/dev/mail/raw/x.eml',
  '/api/health',
  '/api/rest/todos/1',
  '/account/tokens',
  '/api/account/x',
  '/login',
  '/lessons/a1',
  '/ws/notifications',
  '/',
];

describe('canonicalTarget', () => {
  it.each([
    ['//dev/mail', '/dev/mail'],
    ['///dev//mail/', '/dev/mail'],
    ['/./dev/./mail', '/dev/mail'],
    ['/x/../dev/mail', '/dev/mail'],
    ['/../../dev/mail', '/dev/mail'],
    ['/%2e/dev/mail', '/dev/mail'],
    ['/%2E%2e/dev/mail', '/dev/mail'],
    ['/.%2e/dev/mail', '/dev/mail'],
    ['/%64ev/%6Dail', '/dev/mail'],
    ['\\dev\\mail', '/dev/mail'],
    ['/dev\\mail', '/dev/mail'],
    ['/lessons/%E2%9C%93', '/lessons/%E2%9C%93'],
    ['/lessons/%e2%9c%93', '/lessons/%E2%9C%93'],
    ['/a%20b', '/a%20b'],
    ['/a%7Eb', '/a~b'],
    ['/login?next=//evil', '/login'],
  ])('%s is %s', (raw, path) => {
    const t = canonicalTarget(raw);
    expect(t.ok && t.path).toBe(path);
  });

  it('keeps the query string as sent', () => {
    const t = canonicalTarget('//login?next=%2F%2Fevil&x=1');
    expect(t.ok && t.search).toBe('?next=%2F%2Fevil&x=1');
  });

  it.each([
    '/dev%2fmail',
    '/dev%2Fmail',
    '/dev%5cmail',
    '/dev/mail%00',
    '/dev/%0amail',
    '/%',
    '/%zz',
    '/%E2%9C',
    'http://evil.example/dev/mail',
    '*',
    '',
    '/dev/mail\u00e9',
    `/${'a'.repeat(5000)}`,
  ])('refuses %j', (raw) => {
    const t = canonicalTarget(raw);
    expect(t.ok).toBe(false);
    if (!t.ok) expect([400, 414]).toContain(t.status);
  });

  it('is idempotent: a canonical path canonicalises to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const once = canonicalTarget(`/${s}`);
        if (!once.ok) return;
        expect(canonicalPath(once.path)).toBe(once.path);
      }),
      { numRuns: 2000 },
    );
  });

  it('brings every spelling of a route back to the route, or refuses it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROUTES), fc.nat(), (route, seed) => {
        const spelled = pathSpelling(route, seed);
        const t = canonicalTarget(spelled);
        if (t.ok) expect(t.path, spelled).toBe(route);
        else expect(t.status).toBe(400);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the guard decides on the canonical path only', () => {
  const base: Omit<GuardRequest, 'pathname'> = { method: 'GET', search: '', origin: 'http://127.0.0.1:1', header: () => null, clientIp: '127.0.0.1' };
  const anonymous = () => ({ principal: null, invalidToken: false });

  it('gives any spelling either the canonical decision or a 400', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROUTES), fc.nat(), (route, seed) => {
        const spelled = pathSpelling(route, seed);
        const canonical = guardRequest({ ...base, pathname: route }, anonymous);
        const t = canonicalTarget(spelled);
        // What every entry does: canonicalise, then ask the guard.
        const decided = t.ok ? guardRequest({ ...base, pathname: t.path }, anonymous) : null;
        if (decided) expect(decided).toEqual(canonical);
        // A front that forgot to canonicalise still gets no decision on the raw spelling.
        if (spelled !== route) expect(guardRequest({ ...base, pathname: spelled }, anonymous)).toMatchObject({ kind: 'refuse', status: 400 });
      }),
      { numRuns: 2000 },
    );
  });
});
