import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, freshEmail, goodPassword, postForm, signUpHttp } from '../../helpers/auth-http';
import { api, openInbox } from '../notifications/helpers';
import { commonUpdates, readMarket } from './market-support';
import { answeredOn, createTokenOn, msUntilRefused, startTwoHostSite, viaSite, type TwoHostSite } from './two-host-support';

/**
 * Two hosts that act as one site (issue 15's proof): two web processes, each
 * with its own DATA_DIR and nothing shared on disk, a worker each, one
 * Postgres database, one Redis prefix, nginx in front with both as
 * upstreams. Whatever a user does through one host holds on the other, and
 * when one host dies the other serves the whole site, the market included.
 */

// Per user and per minute: roomy enough that a test's own calls never reach it, except the one that spends it.
const LIMIT = 20;
const REVOCATION_BOUND_MS = 250;
const LESSON = 'notebook-tour';
const CELL = 'hello';

let site: TwoHostSite;
let signedUp: Promise<{ email: string; password: string; cookie: string }> | undefined;
/** The learner most tests act as, signed up through host A on first use (so a failed signup fails the tests that need it, one by one). */
const learner = () => (signedUp ??= signUpHttp(site.a.url));

beforeAll(async () => {
  site = await startTwoHostSite({ API_RATE_LIMIT: String(LIMIT) });
}, 120_000);
afterAll(async () => {
  await site?.stop();
});

const me = (base: string, auth: { cookie?: string; token?: string }) =>
  fetch(`${base}/api/me`, {
    headers: { ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
    redirect: 'manual',
  });

describe('two hosts on one Postgres and one Redis', () => {
  it('both hosts are up behind nginx, on the one database, with both workers reporting in one Redis', async () => {
    for (const base of [site.a.url, site.b.url]) {
      const health = (await (await fetch(`${base}/api/health`)).json()) as { status: string; db: string; workers: number };
      expect(health).toMatchObject({ status: 'ok', db: 'ok', workers: 2 });
    }
    const viaNginx = await viaSite(site, '/api/health');
    expect(viaNginx.status).toBe(200);
    expect(JSON.parse(viaNginx.text)).toMatchObject({ db: 'ok', workers: 2 });
  });

  it('a session made on host A works on host B', async () => {
    const user = await learner();
    const res = await me(site.b.url, { cookie: user.cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(user.email);
    const account = await fetch(`${site.b.url}/account`, { headers: { cookie: user.cookie }, redirect: 'manual' });
    expect(account.status).toBe(200);
    // And the other way round: signing in on B makes a session A knows.
    const login = await postForm(site.b.url, '/login', { email: user.email, password: user.password });
    expect(login.status).toBe(303);
    const cookie = cookieFrom(login, '__Host-session')!;
    expect((await me(site.a.url, { cookie })).status).toBe(200);
  });

  it('a personal token made on A works on B', async () => {
    const user = await learner();
    const { token } = await createTokenOn(site.a.url, user.cookie, ['account:read']);
    const res = await me(site.b.url, { token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { via: { kind: string } }).via.kind).toBe('token');
  });

  it('a token revoked on A is refused on B within 250 ms', async () => {
    // A learner of its own: the calls below count against a REST budget, which the budget test must find whole.
    const user = await signUpHttp(site.a.url);
    const { token, id } = await createTokenOn(site.a.url, user.cookie, ['rest']);
    const call = () => fetch(`${site.b.url}/api/rest/todos/1`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200); // validated, and cached, on B
    const revoked = await postForm(site.a.url, '/account/tokens', { action: 'revoke', token_id: id }, { cookie: user.cookie });
    expect(revoked.status).toBe(303);
    const ms = await msUntilRefused(Date.now(), call);
    console.info(`token revoked on host A refused on host B after ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(REVOCATION_BOUND_MS);
  });

  it("a notification sent through A arrives on B's /ws/notifications", async () => {
    const user = await learner();
    const { token } = await createTokenOn(site.a.url, user.cookie, ['notifications']);
    const inbox = await openInbox(site.b.url, token, 0);
    try {
      const sent = await api(site.a.url, token, 'POST', '/api/notifications', { recipient: 'me', title: 'sent through host A' });
      expect(sent.status).toBe(202);
      const pushed = await inbox.waitFor((m) => m.type === 'notification' && m.item.id === sent.body.id);
      expect(pushed.type === 'notification' && pushed.item.title).toBe('sent through host A');
      // B's inbox API lists it too: it is in the one database.
      const list = await api(site.b.url, token, 'GET', '/api/notifications');
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(sent.body.id);
    } finally {
      await inbox.close();
    }
  });

  it('a saved edit made on A loads on B', async () => {
    const user = await learner();
    const page = await (await fetch(`${site.a.url}/lessons/${LESSON}`, { headers: { cookie: user.cookie } })).text();
    const baseHash = /data-cell="hello" data-hash="([0-9a-f]{16})"/.exec(page)?.[1];
    expect(baseHash).toBeDefined();
    const code = "console.log('saved on host A');";
    const put = await fetch(`${site.a.url}/api/notebook/edits/${LESSON}/${CELL}`, {
      method: 'PUT',
      headers: { cookie: user.cookie, origin: site.a.url, 'content-type': 'application/json' },
      body: JSON.stringify({ code, baseHash }),
    });
    expect(put.status).toBe(200);
    const list = (await (await fetch(`${site.b.url}/api/notebook/edits/${LESSON}`, { headers: { cookie: user.cookie } })).json()) as {
      edits: Array<{ cellId: string; code: string }>;
    };
    expect(list.edits).toEqual([expect.objectContaining({ cellId: CELL, code })]);
    const onB = await (await fetch(`${site.b.url}/lessons/${LESSON}`, { headers: { cookie: user.cookie } })).text();
    expect(onB).toContain('your edited TypeScript code');
  });

  it('one rate budget is shared across A and B', async () => {
    const user = await signUpHttp(site.a.url); // a whole budget: nobody else's calls counted
    const { token } = await createTokenOn(site.a.url, user.cookie, ['rest']);
    const hosts = [site.a.url, site.b.url];
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await fetch(`${hosts[i % 2]}/api/rest/todos/1`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => String(LIMIT - 1 - i)));
    for (const base of hosts) {
      const refused = await fetch(`${base}/api/rest/todos/1`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(429);
    }
  });

  it('both hosts stream the same BTCUSD events', async () => {
    const user = await learner();
    const { token } = await createTokenOn(site.a.url, user.cookie, ['realtime']);
    const onA = readMarket(site.a.url, 'BTCUSD', token);
    const onB = readMarket(site.b.url, 'BTCUSD', token);
    try {
      await Promise.all([onA.waitFor({ count: 12 }), onB.waitFor({ count: 12 })]);
      const [fromA, fromB] = commonUpdates(onA, onB);
      expect(fromA.length).toBeGreaterThanOrEqual(5);
      expect(fromB).toEqual(fromA);
      expect(onA.errors).toEqual([]);
      expect(onB.errors).toEqual([]);
    } finally {
      onA.ws.close();
      onB.ws.close();
    }
  });

  it('through nginx, one session is honoured by whichever host answers', async () => {
    const before = [await answeredOn(site.a.url, '/api/me'), await answeredOn(site.b.url, '/api/me')];
    const signup = await viaSite(site, '/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.origin },
      body: new URLSearchParams({ email: freshEmail('site'), password: goodPassword() }).toString(),
    });
    expect(signup.status).toBe(303);
    const cookie = (signup.headers['set-cookie'] ?? []).map((c) => c.split(';', 1)[0]!).find((c) => c.startsWith('__Host-session='))!;
    expect(cookie).toBeDefined();
    for (let i = 0; i < 6; i++) expect((await viaSite(site, '/api/me', { headers: { cookie } })).status).toBe(200);
    const after = [await answeredOn(site.a.url, '/api/me'), await answeredOn(site.b.url, '/api/me')];
    // nginx spreads the calls over both upstreams: each host answered some of them, all with the one session.
    expect(after[0]! - before[0]!).toBeGreaterThan(0);
    expect(after[1]! - before[1]!).toBeGreaterThan(0);
  });

  it('when host A dies, B keeps serving the site, the market included', async () => {
    const user = await learner();
    const { token } = await createTokenOn(site.b.url, user.cookie, ['realtime', 'notifications']);
    const market = readMarket(site.b.url, 'BTCUSD', token);
    await market.waitFor({ count: 5 });
    site.a.child.kill('SIGKILL');
    site.workers.a.kill('SIGKILL');
    const seen = market.updates.length;
    // If A produced the market, B takes its lock once it expires (3 s); either way the updates go on.
    await market.waitFor({ count: seen + 5 }, 20_000);
    const ids = market.updates.map((u) => u.eventId);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(market.errors).toEqual([]);
    expect(market.ws.readyState).toBe(market.ws.OPEN);
    market.ws.close();

    // Through nginx every request is answered by B now, with the sessions A made.
    for (let i = 0; i < 4; i++) {
      const res = await viaSite(site, '/api/me', { headers: { cookie: user.cookie } });
      expect(res.status).toBe(200);
    }
    // B's worker delivers what is sent now.
    const inbox = await openInbox(site.b.url, token, 0);
    try {
      const sent = await api(site.b.url, token, 'POST', '/api/notifications', { recipient: 'me', title: 'after host A died' });
      expect(sent.status).toBe(202);
      await inbox.waitFor((m) => m.type === 'notification' && m.item.id === sent.body.id);
    } finally {
      await inbox.close();
    }
  });
});
