import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis';

/**
 * One API budget per user for the whole site: two web processes on one Redis
 * count a user's requests together, with the same RateLimit headers and 429
 * as one process gives. When Redis stops answering, each process falls back
 * to its own budget (fail open, logged) and goes back to the shared one once
 * Redis is back.
 */

const LIMIT = 5;

async function restTodo(base: string, token: string): Promise<Response> {
  return fetch(`${base}/api/rest/todos/1`, { headers: { authorization: `Bearer ${token}` } });
}

describe('API rate budgets across web processes', () => {
  let portal: PortalProcess;
  let second: string;
  let account: TestAccount;

  beforeAll(async () => {
    portal = await startPortal({ env: { API_RATE_LIMIT: String(LIMIT), NODE_ENV: 'production' } });
    second = (await portal.startWeb()).url;
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('share one budget per user, with the same headers and 429 on every process', async () => {
    const bases = [portal.url, second];
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await restTodo(bases[i % 2]!, account.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(res.headers.get('ratelimit-policy')).toBe(`${LIMIT};w=60`);
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    for (const base of bases) {
      const refused = await restTodo(base, account.token);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
      const body = (await refused.json()) as { error: { code: string } };
      expect(body.error.code).toBe('rate_limited');
    }
    // GraphQL keeps a budget of its own, shared the same way.
    const gql = await fetch(`${second}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: '{"query":"{ hello }"}',
    });
    expect(gql.status).toBe(200);
    expect(gql.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));
  });

  it('give every user their own budget', async () => {
    const other = await createAccount(portal.dataDir);
    const res = await restTodo(second, other.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));
  });
});

describe('API rate budgets when Redis stops answering', () => {
  let redis: OwnRedis;
  let portal: PortalProcess;
  let account: TestAccount;

  beforeAll(async () => {
    redis = await startOwnRedis();
    portal = await startPortal({ env: { API_RATE_LIMIT: String(LIMIT), NODE_ENV: 'production', REDIS_URL: redis.url } });
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
    await redis?.dispose();
  });

  it('fall back to a budget per process (logged), then share again once Redis is back', async () => {
    expect((await restTodo(portal.url, account.token)).headers.get('ratelimit-remaining')).toBe('4');
    await redis.stop();
    // The portal keeps answering, counting this user's requests in its own memory from a fresh window.
    const during = await restTodo(portal.url, account.token);
    expect(during.status).toBe(200);
    expect(during.headers.get('ratelimit-limit')).toBe(String(LIMIT));
    expect(during.headers.get('ratelimit-remaining')).toBe('4');
    for (let i = 0; i < LIMIT - 1; i++) expect((await restTodo(portal.url, account.token)).status).toBe(200);
    expect((await restTodo(portal.url, account.token)).status).toBe(429);
    expect(portal.output()).toContain('rate budgets counted per process until Redis answers');

    // Redis returns on the same port with its data (one request counted): the shared count applies again.
    await redis.restart();
    const key = `{${portal.redisPrefix}}:rl:api:rest:u${account.user.id}`;
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      let shared: Response | undefined;
      // Wait for the portal to reconnect: its first answer counted in Redis shows the stored count (1) plus this one.
      while (!shared) {
        const res = await restTodo(portal.url, account.token);
        if (res.status === 200 && (await client.exists(key)) && res.headers.get('ratelimit-remaining') === '3') shared = res;
        else await new Promise((r) => setTimeout(r, 100));
      }
      expect(Number(await client.get(key))).toBe(2);
    } finally {
      await client.close();
    }
  });
});
