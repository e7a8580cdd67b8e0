import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { postForm } from '../../helpers/auth-http';
import type { PortalProcess } from '../../helpers/portal';
import { offsiteNexts } from '../../unit/security/open-redirect-corpus';
import { makeCallers, rawRequest, startProductionPortal, type Callers } from './support';

/**
 * Hole 4 (medium): an open redirect after login. `/login?next=/.//evil`
 * redirected to `//evil.example`. Every redirect the login pages send is
 * checked the way the browser reads it: resolved against our origin, it must
 * stay on our origin.
 */

let portal: PortalProcess;
let callers: Callers;

beforeAll(async () => {
  portal = await startProductionPortal();
  callers = await makeCallers(portal.dataDir);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

function expectOnSite(location: string | string[] | undefined, next: string): void {
  expect(typeof location, next).toBe('string');
  const loc = location as string;
  expect(loc.startsWith('//') || loc.startsWith('/\\') || /^[a-z][\w+.-]*:/i.test(loc), `${next} -> ${loc}`).toBe(false);
  expect(new URL(loc, portal.url).origin, `${next} -> ${loc}`).toBe(portal.url);
}

describe('next after login', () => {
  it('stays on site when a signed-in user opens /login?next=…', async () => {
    for (const next of offsiteNexts) {
      const res = await rawRequest(portal.url, 'GET', `/login?next=${encodeURIComponent(next)}`, { cookie: callers.fullCookie });
      expect(res.status, next).toBe(303);
      expectOnSite(res.headers.location, next);
    }
  });

  it('stays on site after a login POST, and through the second-factor step', async () => {
    let account: TestAccount | null = null;
    for (const [i, next] of offsiteNexts.entries()) {
      // A fresh account every few logins, so the per-account throttle never answers instead.
      if (i % 6 === 0) account = await createAccount(portal.dataDir);
      const res = await postForm(
        portal.url,
        '/login',
        { email: account!.email, password: account!.password, next },
        { headers: { origin: portal.url } },
      );
      expect(res.status, next).toBe(303);
      expectOnSite(res.headers.get('location') ?? undefined, next);
    }
    const twoStep = await rawRequest(portal.url, 'GET', `/login/two-factor?next=${encodeURIComponent('/.//evil.example')}`, {
      cookie: callers.pendingCookie,
    });
    expect(twoStep.status).toBeLessThan(500);
    expect(twoStep.body).not.toMatch(/value="\/\/evil/);
  });
});
