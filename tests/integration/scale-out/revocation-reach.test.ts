import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../../src/lib/server/auth/api-tokens';
import { createAccount, useDataDir, type TestAccount } from '../../helpers/accounts';
import { postForm } from '../../helpers/auth-http';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis';

/**
 * Ended credentials are refused by every web process within 250 ms: a token
 * revoked through one process, or a session logged out there, stops working
 * on the other even though that one had just validated (and cached) it. That
 * holds when the announcement through Redis arrives, and when it cannot
 * because Redis is down (then nothing is cached at all).
 */

const BOUND_MS = 250;

/** Call `attempt` until it is refused (401); the ms between `since` and sending the first refused call. */
async function msUntilRefused(since: number, attempt: () => Promise<Response>): Promise<number> {
  for (;;) {
    const sentAt = Date.now();
    const res = await attempt();
    await res.arrayBuffer();
    if (res.status === 401) return sentAt - since;
    expect(res.status).toBe(200);
  }
}

interface Pair {
  portal: PortalProcess;
  other: string;
  account: TestAccount;
}

async function startPair(env: Record<string, string> = {}): Promise<Pair> {
  const portal = await startPortal({ env: { NODE_ENV: 'production', THROTTLE_IP_FACTOR: '1000', ...env } });
  const other = (await portal.startWeb()).url;
  return { portal, other, account: await createAccount(portal.dataDir) };
}

/** Make a token, use it on the other process (now cached there), revoke it on the first; ms until the other refuses it. */
async function revokeAcross(p: Pair): Promise<number> {
  useDataDir(p.portal.dataDir);
  const made = await createApiToken(p.account.user.id, { kind: 'personal', name: 'to revoke', scopes: ['rest'], ttlMs: 3_600_000 });
  const call = () => fetch(`${p.other}/api/rest/todos/1`, { headers: { authorization: `Bearer ${made.token}` } });
  expect((await call()).status).toBe(200);
  const res = await postForm(p.portal.url, '/account/tokens', { action: 'revoke', token_id: made.record.id }, { cookie: p.account.cookie });
  expect(res.status).toBe(303);
  return msUntilRefused(Date.now(), call);
}

describe('ended credentials reach every process', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(async () => {
    await pair?.portal.stop();
  });

  it('a token revoked on one process is refused on the other within 250 ms', async () => {
    const ms = await revokeAcross(pair);
    console.info(`revoked token refused on the other process after ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(BOUND_MS);
  });

  it('a session logged out on one process is refused on the other within 250 ms', async () => {
    const { cookie } = await createAccount(pair.portal.dataDir);
    const call = () => fetch(`${pair.other}/api/me`, { headers: { cookie } });
    expect((await call()).status).toBe(200);
    expect((await postForm(pair.portal.url, '/logout', {}, { cookie })).status).toBe(303);
    const ms = await msUntilRefused(Date.now(), call);
    console.info(`ended session refused on the other process after ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(BOUND_MS);
  });
});

describe('ended credentials while Redis is down', () => {
  let redis: OwnRedis;
  let pair: Pair;
  beforeAll(async () => {
    redis = await startOwnRedis();
    pair = await startPair({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await pair?.portal.stop();
    await redis?.dispose();
  });

  it('a revoked token is still refused on the other process within 250 ms (nothing is cached without the announcements)', async () => {
    await redis.stop();
    const ms = await revokeAcross(pair);
    console.info(`with Redis down, revoked token refused on the other process after ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(BOUND_MS);
  });
});
