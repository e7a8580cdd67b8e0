import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';

/** The Redis every test uses (CI starts one on 6379 when nothing answers). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test file uses: `t-<name>-<random>`, hash-tagged by the portal as `{t-...}`. */
export function uniquePrefix(name: string): string {
  return `t-${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}-${randomBytes(4).toString('hex')}`;
}

/** Delete every key under a portal prefix (`{prefix}:*`). */
export async function cleanupPrefix(prefix: string): Promise<number> {
  const client = createClient({ url: TEST_REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  let deleted = 0;
  try {
    const batch: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `{${prefix}}:*`, COUNT: 1000 })) {
      batch.push(...keys);
      if (batch.length >= 1000) deleted += await client.unlink(batch.splice(0));
    }
    if (batch.length) deleted += await client.unlink(batch);
  } finally {
    await client.close();
  }
  return deleted;
}

/** A redis-server of a test's own (for stopping and restarting it), with its data in a temp dir. */
export interface OwnRedis {
  url: string;
  /** Stop it (SIGTERM; its append-only file keeps the data). */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stop it and remove its data. */
  dispose(): Promise<void>;
}

/** Start a private redis-server on a free port (needs the redis-server binary, as CI installs it). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const { startPrivateRedis } = await import('../../src/lib/server/redis/private-server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-own-redis-'));
  let server = await startPrivateRedis(dir);
  const port = server.port;
  return {
    url: server.url,
    stop: () => server.stop(),
    async restart() {
      server = await startPrivateRedis(dir, { port });
    },
    async dispose() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
