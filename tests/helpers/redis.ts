import { randomBytes } from 'node:crypto';
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
