import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import type { PortalProcess } from '../../helpers/portal';
import { api, until } from '../notifications/helpers';
import { makeCallers, startProductionPortal, type Callers } from './support';

/**
 * Least privilege and the smaller leaks: code in a lesson cell, run in an
 * administrator's browser, gets no administrator rights; the queue search
 * answers the same for a user id that exists and one that does not; worker
 * host names and pids are shown to administrators only.
 */

let portal: PortalProcess;
let admin: Callers;
let user: TestAccount;

beforeAll(async () => {
  portal = await startProductionPortal(1);
  admin = await makeCallers(portal.dataDir, { admin: true });
  user = await createAccount(portal.dataDir);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

describe("an administrator's lesson token", () => {
  it('cannot pause the queue, send to everyone or to another user', async () => {
    expect((await api(portal.url, admin.lessonToken, 'POST', '/api/queue/pause')).status).toBe(403);
    const campaign = await api(portal.url, admin.lessonToken, 'POST', '/api/notifications/campaigns', { title: 'to all', recipients: 'all' });
    expect(campaign.status).toBe(403);
    const direct = await api(portal.url, admin.lessonToken, 'POST', '/api/notifications', { recipient: user.user.id, title: 'hi' });
    expect(direct.status).toBe(403);
  });

  it("while the administrator's own personal token still can", async () => {
    expect((await api(portal.url, admin.token, 'POST', '/api/queue/pause')).status).toBe(200);
    expect((await api(portal.url, admin.token, 'POST', '/api/queue/resume')).status).toBe(200);
  });
});

describe('queue search and stats for a non-administrator', () => {
  it('answers a user id that exists exactly as one that does not', async () => {
    const existing = await api(portal.url, user.token, 'GET', `/api/queue/search?q=${admin.account.user.id}`);
    const missing = await api(portal.url, user.token, 'GET', `/api/queue/search?q=987654`);
    expect(existing.status).toBe(200);
    expect(missing.status).toBe(200);
    const shape = (b: { recipient: { id: number; label: string; items: unknown[] } }) => ({
      ...b.recipient,
      id: 0,
      label: b.recipient.label.replace(/\d+/, 'N'),
    });
    expect(shape(existing.body)).toEqual(shape(missing.body));
  });

  it('shows workers without host names or pids; administrators see them', async () => {
    const mine = await until(
      async () => {
        const s = await api(portal.url, user.token, 'GET', '/api/queue/stats');
        return s.body.workers?.length ? s.body : null;
      },
      20_000,
      'a live worker',
    );
    expect(mine.workers[0].label).toBe('worker 1');
    expect(JSON.stringify(mine.workers)).not.toMatch(/"host"|"pid"/);
    const theirs = (await api(portal.url, admin.token, 'GET', '/api/queue/stats')).body;
    expect(theirs.workers[0].label).toMatch(/^.+:\d+$/);
  });
});
