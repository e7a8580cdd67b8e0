import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resetConfigForTests } from '../../../src/lib/server/config';
import { closeKysely, getKysely, prepareDatabase } from '../../../src/lib/server/db/database';
import { insertDeliveries } from '../../../src/lib/server/notifications/inbox';
import { retryWhileDatabaseDown } from '../../../src/lib/server/notifications/database-wait';
import { createTestDatabase, dropTestDatabase } from '../../helpers/postgres';

/**
 * A worker's job survives a Postgres outage: its database work waits while
 * the database is unreachable and goes through once it answers again, and
 * an error while the database answers fails at once. The outage is a TCP
 * proxy in front of the real server that the test closes and opens.
 */

const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const target = new URL(ADMIN_URL);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-notify-dbwait-'));
let dbUrl: string;
let proxy: net.Server | undefined;
let port = 0;
const sockets = new Set<net.Socket>();

function openProxy(): Promise<void> {
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => proxy!.listen(port, '127.0.0.1', () => ((port = (proxy!.address() as net.AddressInfo).port), resolve())));
}

function closeProxy(): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => proxy!.close(() => resolve()));
}

beforeAll(async () => {
  dbUrl = await createTestDatabase(ADMIN_URL, 'notify_dbwait');
  await openProxy();
  const viaProxy = new URL(dbUrl);
  viaProxy.host = `127.0.0.1:${port}`;
  Object.assign(process.env, { DATA_DIR: dir, DATABASE_URL: viaProxy.toString(), DB_CONNECT_TIMEOUT_MS: '1000' });
  resetConfigForTests();
  await prepareDatabase();
});

afterAll(async () => {
  await closeKysely();
  if (proxy?.listening) await closeProxy();
  delete process.env.DATABASE_URL;
  delete process.env.DB_CONNECT_TIMEOUT_MS;
  resetConfigForTests();
  await dropTestDatabase(ADMIN_URL, dbUrl);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('holds a job through an outage and finishes it once the database is back', async () => {
  await closeProxy();
  let tries = 0;
  const job = retryWhileDatabaseDown(
    'test',
    async () => {
      tries++;
      return insertDeliveries([{ id: 'outage-1', recipientId: -1, messageId: 'm', enqueuedAt: 1 }], 2);
    },
    { firstMs: 100, maxMs: 200, checkTimeoutMs: 500 },
  );
  await new Promise((r) => setTimeout(r, 1500));
  expect(tries).toBeGreaterThan(1);
  await openProxy();
  expect(await job).toEqual({ inserted: 1, fresh: [] });
  const rows = await getKysely().selectFrom('inbox').select('id').execute();
  expect(rows.map((r) => r.id)).toEqual(['outage-1']);
});

it('fails at once on an error of its own while the database answers', async () => {
  let tries = 0;
  const failing = retryWhileDatabaseDown('test', async () => {
    tries++;
    throw new Error('not an outage');
  });
  await expect(failing).rejects.toThrow('not an outage');
  expect(tries).toBe(1);
});
