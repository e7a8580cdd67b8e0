import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../../helpers/auth-http';
import type { PortalProcess } from '../../helpers/portal';
import { pathSpelling } from '../../unit/security/path-spellings';
import { makeCallers, rawRequest, startProductionPortal, type Callers } from './support';

/**
 * Hole 1 (critical): the development mailbox answered in production at
 * `//dev/mail` and handed out every user's reset links. Here a production
 * portal holds a real reset mail; no spelling of the mailbox paths shows it
 * to a signed-in user, and for every gated, public and dev-only route any
 * spelling gets the canonical path's answer or a 400.
 */

let portal: PortalProcess;
let callers: Callers;
let mailName: string;

beforeAll(async () => {
  portal = await startProductionPortal();
  callers = await makeCallers(portal.dataDir);
  // Someone asks for a reset of an existing account: a mail with a live link lands in the outbox.
  const res = await postForm(portal.url, '/forgot-password', { email: callers.account.email });
  expect(res.status).toBe(303);
  const dir = path.join(portal.dataDir, 'mail');
  for (let i = 0; i < 50 && !(fs.existsSync(dir) && fs.readdirSync(dir).length); i++) await new Promise((r) => setTimeout(r, 100));
  mailName = fs.readdirSync(dir)[0]!;
  expect(mailName).toMatch(/\.eml$/);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

const MAILBOX_SPELLINGS = [
  '/dev/mail',
  '//dev/mail',
  '///dev/mail',
  '//dev//mail/',
  '/./dev/mail',
  '/x/../dev/mail',
  '/%2e/dev/mail',
  '/%2E%2E/dev/mail',
  '/.%2e/dev/mail',
  '/%64ev/mail',
  '/d%65v/m%61il',
  '/dev/mail/',
  '/dev/mail/.',
  '/dev/./mail',
  '/dev/x/../mail',
  '\\dev\\mail',
  '/dev\\mail',
  '/\\dev/mail',
  '/dev%2fmail',
  '/dev%2Fmail',
  '/dev%5cmail',
  '/DEV/mail',
  '/Dev/Mail',
  '/dev/mail;x',
  '/dev/mail%00',
  '/dev/mail?x=1',
  '/api/../dev/mail',
  '/lessons/..//dev/mail',
];

function rawSpellings(name: string): string[] {
  return [
    `/dev/mail/${name}`,
    `//dev/mail/${name}`,
    `/dev/mail/raw/${name}`,
    `//dev/mail/raw/${name}`,
    `/%2e//dev//mail/raw/${name}`,
    `/x/..//dev/mail/raw/${encodeURIComponent(name)}`,
    `\\dev\\mail\\raw\\${name}`,
  ];
}

describe('the development mailbox in production', () => {
  it('is served to nobody, in any spelling, with or without a session', async () => {
    for (const cookie of [callers.fullCookie, callers.pendingCookie, undefined]) {
      for (const p of [...MAILBOX_SPELLINGS, ...rawSpellings(mailName)]) {
        const res = await rawRequest(portal.url, 'GET', p, cookie ? { cookie } : {});
        expect(res.status, `${p} (${cookie ? 'signed in' : 'anonymous'})`).not.toBe(200);
        expect(res.status, p).toBeLessThan(500);
        expect(res.body, p).not.toMatch(/Development mailbox|reset-password\?token|Reset your password/i);
      }
    }
  });

  it('is not reachable with a bearer token either', async () => {
    for (const p of MAILBOX_SPELLINGS.slice(0, 12)) {
      const res = await rawRequest(portal.url, 'GET', p, { authorization: `Bearer ${callers.token}` });
      expect(res.status, p).not.toBe(200);
      expect(res.body).not.toMatch(/Development mailbox/);
    }
  });
});

describe('one decision per canonical path', () => {
  const ROUTES = [
    '/',
    '/login',
    '/signup',
    '/welcome',
    '/lessons',
    '/lessons/a1-integration-protocols',
    '/account',
    '/account/tokens',
    '/dashboard/notifications',
    '/api/health',
    '/api/me',
    '/api/rest/todos/1',
    '/api/account/x',
    '/dev/mail',
  ];

  async function decision(p: string, headers: Record<string, string>) {
    const res = await rawRequest(portal.url, 'GET', p, headers);
    return { status: res.status, location: res.headers.location ?? null };
  }

  it('answers every spelling of a route as it answers the route, or refuses it with 400', async () => {
    const who: Record<string, Record<string, string>> = {
      anonymous: {},
      session: { cookie: callers.fullCookie },
      pending: { cookie: callers.pendingCookie },
      token: { authorization: `Bearer ${callers.token}` },
    };
    const canonical = new Map<string, { status: number; location: string | null }>();
    for (const [w, h] of Object.entries(who)) for (const r of ROUTES) canonical.set(`${w} ${r}`, await decision(r, h));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.constantFrom(...Object.keys(who)), fc.nat(), async (route, w, seed) => {
        const spelled = pathSpelling(route, seed);
        const got = await decision(spelled, who[w]!);
        if (got.status === 400) return;
        expect(got, `${w} ${spelled} (canonical ${route})`).toEqual(canonical.get(`${w} ${route}`));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('never answers bad paths with a 500', async () => {
    for (const p of ['/%', '/%zz', '/a%2f', '/%00', '/%E2%9C', `/${'a'.repeat(5000)}`, '/api/%ff', '/api/rest/%c0%ae%c0%ae/x']) {
      const res = await rawRequest(portal.url, 'GET', p, { cookie: callers.fullCookie });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.status, p).toBeLessThan(500);
      expect(res.body).not.toMatch(/at .*\.m?js:\d+/);
    }
  });
});
