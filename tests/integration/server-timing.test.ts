import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { api } from './notifications/helpers';

/**
 * Server-Timing against the built portal: on API answers of both fronts (the
 * fast path and Astro), refusals included, with the parts that took time;
 * never on pages.
 */
describe('Server-Timing', () => {
  let portal: PortalProcess;
  let account: TestAccount;
  beforeAll(async () => {
    portal = await startPortal();
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const parse = (h: string | null) =>
    Object.fromEntries(
      (h ?? '').split(',').map((p) => {
        const [name, ...params] = p.trim().split(';');
        const dur = params.find((x) => x.startsWith('dur='));
        return [name, dur ? Number(dur.slice(4)) : NaN];
      }),
    );

  it('is on fast-path answers (REST, GraphQL) with auth, db and total, and exposed to cross-origin token callers', async () => {
    const rest = await api(portal.url, account.token, 'GET', '/api/rest/todos/1');
    const t = parse(rest.headers.get('server-timing'));
    expect(t.total).toBeGreaterThan(0);
    expect(t.auth).toBeGreaterThan(0);
    expect(t.db).toBeGreaterThan(0);
    expect(t.total).toBeGreaterThanOrEqual(t.auth);
    expect(rest.headers.get('access-control-expose-headers')).toContain('server-timing');
    expect(rest.headers.get('timing-allow-origin')).toBe('*');
    const gql = await api(portal.url, account.token, 'POST', '/api/graphql', { query: '{ hello }' });
    expect(gql.status).toBe(200);
    expect(parse(gql.headers.get('server-timing')).total).toBeGreaterThan(0);
  });

  it('is on Astro-served API answers, with queue time when a job is queued, and on refusals', async () => {
    const sent = await api(portal.url, account.token, 'POST', '/api/notifications', { recipient: 'me', title: 'timing', priority: 'normal' });
    expect(sent.status).toBe(202);
    const t = parse(sent.headers.get('server-timing'));
    expect(t.queue).toBeGreaterThan(0);
    expect(t.auth).toBeGreaterThan(0);
    expect(t.total).toBeGreaterThanOrEqual(t.queue);
    const inbox = await api(portal.url, account.token, 'GET', '/api/notifications');
    expect(parse(inbox.headers.get('server-timing')).db).toBeGreaterThan(0);
    const anonymous = await fetch(`${portal.url}/api/notifications`);
    expect(anonymous.status).toBe(401);
    expect(parse(anonymous.headers.get('server-timing')).total).toBeGreaterThan(0);
    const anonymousRest = await fetch(`${portal.url}/api/rest/todos/1`);
    expect(anonymousRest.status).toBe(401);
    expect(parse(anonymousRest.headers.get('server-timing')).total).toBeGreaterThan(0);
  });

  it('is not on pages', async () => {
    const page = await fetch(`${portal.url}/login`);
    expect(page.status).toBe(200);
    expect(page.headers.get('server-timing')).toBeNull();
  });
});
