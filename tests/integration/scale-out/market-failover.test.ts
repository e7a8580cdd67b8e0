import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { commonUpdates, readMarket } from './market-support';

/**
 * One market per symbol for the whole site: two web processes on one Redis
 * stream the same BTCUSD events (one producer, elected with a Redis lock),
 * a new subscriber on either gets the book as it stands, and when the
 * producer's process is killed outright the other takes over where it
 * stopped, without its subscribers noticing more than a pause.
 */

let portal: PortalProcess;
let webs: Array<{ url: string; child: ChildProcess }>;
let account: TestAccount;

beforeAll(async () => {
  portal = await startPortal({ env: { NODE_ENV: 'production' } });
  const second = await portal.startWeb();
  webs = [{ url: portal.url, child: portal.child }, second];
  account = await createAccount(portal.dataDir, { scopes: ['realtime'] });
});
afterAll(async () => {
  await portal?.stop();
});

/** Pids that logged "producing the market" for a symbol, in order. */
function producers(symbol: string): number[] {
  return portal
    .output()
    .split('\n')
    .filter((l) => l.includes('"msg":"producing the market"') && l.includes(`"symbol":"${symbol}"`))
    .map((l) => (JSON.parse(l) as { pid: number }).pid);
}

describe('one market per symbol across web processes', () => {
  it('streams the same events on both, and a new subscriber starts from the same book', async () => {
    const a = readMarket(webs[0]!.url, 'BTCUSD', account.token);
    const b = readMarket(webs[1]!.url, 'BTCUSD', account.token);
    await Promise.all([a.waitFor({ count: 12 }), b.waitFor({ count: 12 })]);
    const [fromA, fromB] = commonUpdates(a, b);
    expect(fromA.length).toBeGreaterThanOrEqual(5);
    expect(fromB).toEqual(fromA);
    expect(producers('BTCUSD')).toHaveLength(1);

    // A newcomer on B gets B's book, which is A's book at that event.
    const late = readMarket(webs[1]!.url, 'BTCUSD', account.token);
    const at = await late.initialEventId();
    await a.waitFor({ eventId: at });
    expect(late.books.get(at)).toBe(a.books.get(at));
    for (const r of [a, b, late]) {
      expect(r.errors).toEqual([]);
      r.ws.close();
    }
  });

  it('fails over to the other process when the producer is killed, going on from the same book', async () => {
    const producerPid = producers('BTCUSD').at(-1)!;
    const survivor = webs.find((w) => w.child.pid !== producerPid)!;
    const victim = webs.find((w) => w.child.pid === producerPid)!;
    expect(survivor).toBeDefined();
    expect(victim).toBeDefined();
    const reader = readMarket(survivor.url, 'BTCUSD', account.token);
    await reader.waitFor({ count: 5 });

    victim.child.kill('SIGKILL');
    const seenBefore = reader.updates.length;
    const killedAt = Date.now();
    // The survivor's lock attempt succeeds once the dead producer's lock expires (3 s), then ticks resume.
    await reader.waitFor({ count: seenBefore + 5 }, 15_000);
    const pause = Date.now() - killedAt;
    expect(producers('BTCUSD').at(-1)).toBe(survivor.child.pid);
    // The same market went on: event ids keep rising, the socket never had to start over.
    const ids = reader.updates.map((u) => u.eventId);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(reader.errors).toEqual([]);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    const late = readMarket(survivor.url, 'BTCUSD', account.token);
    const at = await late.initialEventId();
    await reader.waitFor({ eventId: at });
    expect(late.books.get(at)).toBe(reader.books.get(at));
    console.info(`market failover: updates resumed ${pause} ms after the producer was killed`);
    reader.ws.close();
    late.ws.close();
  });
});
