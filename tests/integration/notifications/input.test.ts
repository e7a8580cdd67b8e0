import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { portalValue } from '../../helpers/portal-db';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { api, until } from './helpers';

/**
 * Bad input gets a clear 4xx and changes nothing; HTML in a title or body is
 * data, shown as text; without Redis the queue says so instead of failing.
 */

let portal: PortalProcess;
let alice: TestAccount;

function inboxCount(): Promise<number | undefined> {
  return portalValue<number>(portal.dataDir, 'SELECT COUNT(*) FROM inbox');
}

beforeAll(async () => {
  portal = await startPortal({ workers: 1 });
  alice = await createAccount(portal.dataDir);
});
afterAll(async () => {
  await portal?.stop();
});

describe('bad input', () => {
  const cases: Array<[string, unknown, number, string]> = [
    ['title of the wrong type', { recipient: 'me', title: 42 }, 400, 'title'],
    ['missing recipient', { title: 'x' }, 400, 'recipient'],
    ['recipient that is not an id', { recipient: 'everyone', title: 'x' }, 400, 'recipient'],
    ['unknown priority', { recipient: 'me', title: 'x', priority: 'urgent' }, 400, 'priority'],
    ['unknown field', { recipient: 'me', title: 'x', sendAt: 'now' }, 400, 'body'],
    ['empty title', { recipient: 'me', title: '   ' }, 400, 'title'],
    ['title with a newline', { recipient: 'me', title: 'a\nb' }, 400, 'title'],
    ['body too long', { recipient: 'me', title: 'x', body: 'y'.repeat(2001) }, 400, 'body'],
    ['control characters', { recipient: 'me', title: 'x\u0007' }, 400, 'title'],
    ['an array instead of an object', [1, 2], 400, ''],
    ['another user without the admin role', { recipient: 999, title: 'x' }, 403, ''],
  ];
  for (const [name, body, status, field] of cases) {
    it(`refuses ${name} with ${status}`, async () => {
      const res = await api(portal.url, alice.token, 'POST', '/api/notifications', body);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBeTruthy();
      expect(res.body.error.message).toBeTruthy();
      if (field) expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|node_modules/);
    });
  }

  it('refuses a huge body with 413, malformed JSON with 400, another content type with 415', async () => {
    const huge = await api(
      portal.url,
      alice.token,
      'POST',
      '/api/notifications',
      JSON.stringify({ recipient: 'me', title: 'x', body: 'y'.repeat(5_000_000) }),
    );
    expect(huge.status).toBe(413);
    expect((await api(portal.url, alice.token, 'POST', '/api/notifications', '{"recipient": "me",')).status).toBe(400);
    const res = await fetch(`${portal.url}/api/notifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(res.status).toBe(415);
    expect(
      (await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: 'x' }, { 'idempotency-key': 'has spaces' })).status,
    ).toBe(400);
  });

  it('validates campaigns', async () => {
    const bad: Array<[unknown, number]> = [
      [{ title: 'x' }, 400],
      [{ title: 'x', recipients: [1], synthetic: { count: 5 } }, 400],
      [{ synthetic: { count: 0 } }, 400],
      [{ synthetic: { count: 10, failureRate: 2 } }, 400],
      [{ synthetic: { count: 10, priorityMix: { high: 0, normal: 0, low: 0 } } }, 400],
      [{ synthetic: { count: 10, priorityMix: { urgent: 1 } } }, 400],
      [{ synthetic: { count: 500_000 } }, 403],
      [{ title: 'x', recipients: 'all' }, 403],
      [{ title: 'x', recipients: Array.from({ length: 1001 }, (_, i) => i + 1) }, 400],
    ];
    for (const [body, status] of bad) {
      const res = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
    }
    expect((await api(portal.url, alice.token, 'GET', '/api/queue/search?q=')).status).toBe(400);
    expect((await api(portal.url, alice.token, 'GET', '/api/notifications?after=-1')).status).toBe(400);
    expect((await api(portal.url, alice.token, 'POST', '/api/notifications/read', { ids: [] })).status).toBe(400);
    expect((await api(portal.url, alice.token, 'PUT', '/api/notifications/webhook', { url: 'ftp://example.com' })).status).toBe(400);
    expect((await api(portal.url, alice.token, 'POST', '/api/queue/jobs/bad%20id/retry')).status).toBe(400);
  });

  it('wrote nothing for any of that', async () => {
    expect(await inboxCount()).toBe(0);
  });

  it('needs a login and the right scope', async () => {
    const anon = await fetch(`${portal.url}/api/notifications`);
    expect(anon.status).toBe(401);
    const narrow = await createAccount(portal.dataDir, { scopes: ['rest'] });
    expect((await api(portal.url, narrow.token, 'POST', '/api/notifications', { recipient: 'me', title: 'x' })).status).toBe(403);
    expect((await api(portal.url, narrow.token, 'GET', '/api/queue/stats')).status).toBe(403);
  });

  it('keeps HTML in titles and bodies as inert text', async () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: evil, body: `</script>${evil}` });
    expect(sent.status).toBe(202);
    await until(async () => (await inboxCount()) === 1);
    const list = await api(portal.url, alice.token, 'GET', '/api/notifications');
    expect(list.headers.get('content-type')).toMatch(/application\/json/);
    expect(list.body.items[0].title).toBe(evil);
    const page = await fetch(`${portal.url}/dashboard/notifications`, { headers: { cookie: alice.cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).not.toMatch(/<\/script><img/);
  });
});

describe('without Redis', () => {
  let bare: PortalProcess;
  let bob: TestAccount;
  beforeAll(async () => {
    bare = await startPortal({ noRedis: true });
    bob = await createAccount(bare.dataDir);
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('answers 503 with how to get Redis, and the dashboard says so', async () => {
    const res = await api(bare.url, bob.token, 'POST', '/api/notifications', { recipient: 'me', title: 'x' });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/Redis.*apt-get install redis-server/);
    const stats = await api(bare.url, bob.token, 'GET', '/api/queue/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.redis).toMatchObject({ ok: false });
    const inbox = await api(bare.url, bob.token, 'GET', '/api/notifications');
    expect(inbox.body).toMatchObject({ items: [], unread: 0 });
    const page = await fetch(`${bare.url}/dashboard/notifications`, { headers: { cookie: bob.cookie } });
    expect(await page.text()).toContain('Redis is missing, so the queue is off.');
  });
});
