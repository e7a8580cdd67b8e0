import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLocalFeed } from '../../../src/lib/server/marketdata/feed';
import { createUpgradeRouter, type UpgradeRouter } from '../../../src/lib/server/realtime/router';
import { marketdataRoute, MAX_BACKLOG } from '../../../src/lib/server/realtime/routes/marketdata';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startUpgradeServer } from '../../helpers/upgrade-server';
import { closed, messages, openWs } from './support';

/**
 * Back-pressure on the market feed, in this process so the test can drive
 * the feed far faster than its timer: a subscriber that stops reading is cut
 * off with 4429 once its backlog passes MAX_BACKLOG, its subscription is
 * dropped, and a reader that keeps up is not disturbed.
 */

let server: Awaited<ReturnType<typeof startUpgradeServer>>;
let router: UpgradeRouter;
let base: string;
let account: TestAccount;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-md-'));
  account = await createAccount(dataDir, { scopes: ['realtime'] });
  router = createUpgradeRouter({ routes: { marketdata: marketdataRoute } });
  server = await startUpgradeServer(router);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('market feed back-pressure', () => {
  it('cuts off a subscriber that stops reading, and only that one', async () => {
    const feed = getLocalFeed('LINKUSD')!;
    const slow = await openWs(`${base}/ws/marketdata/LINKUSD`, { token: account.token });
    const fast = await openWs(`${base}/ws/marketdata/LINKUSD`, { token: account.token });
    const fastInbox = messages(fast);
    let received = 0;
    fast.on('message', () => received++);
    slow.pause();
    const slowClosed = closed(slow, 30_000);
    expect(feed.listenerCount()).toBe(2);

    // Flood: thousands of updates in bursts, yielding so the sockets can drain.
    let bursts = 0;
    while (feed.listenerCount() === 2 && bursts < 2000) {
      feed.tick(50);
      bursts++;
      await new Promise((r) => setImmediate(r));
    }
    // The server dropped the slow subscription the moment it fell behind; now let it read to the close frame.
    expect(feed.listenerCount()).toBe(1);
    slow.resume();
    const { code, reason } = await slowClosed;
    expect(code).toBe(4429);
    expect(reason).toContain('slow consumer');
    expect(MAX_BACKLOG).toBeLessThanOrEqual(256 * 1024);

    // The reader that keeps up is still there and still in sequence.
    expect(fast.readyState).toBe(fast.OPEN);
    await fastInbox.next();
    expect(received).toBeGreaterThan(100);
    fast.close();
    await closed(fast);
    // The client sees the close before the server's socket emits it (a busy machine showed 1 here): wait for that.
    await expect.poll(() => feed.listenerCount()).toBe(0);
  });
});
