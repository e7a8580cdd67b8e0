import { createClient } from 'redis';
import { TEST_REDIS_URL } from './redis';

/** Vitest global setup: fail early and clearly when the test Redis is not there. */
export default async function setup(): Promise<void> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`Tests need a Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL, or start one: redis-server --port 6379). ${String(err)}`);
  } finally {
    if (client.isOpen) await client.close();
  }
}
