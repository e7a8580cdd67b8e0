import { createNodeRedisClient } from 'bullmq';
import type { IRedisClient } from 'bullmq';
import { getConfig } from '../config';
import { REDIS_MISSING_HELP, createRedisClient } from './client';

/**
 * BullMQ wiring over node-redis (no ioredis): each Queue, Worker or
 * QueueEvents gets an adapted client; BullMQ duplicates it for blocking
 * commands. The prefix is the portal's hash-tagged prefix, so every BullMQ
 * key of every queue shares one Cluster slot.
 */

// BullMQ does not close a client it was handed; these are closed here instead.
const open = new Set<IRedisClient>();

/** A fresh BullMQ connection for one Queue/Worker/QueueEvents instance. */
export function bullConnection(name: string): IRedisClient {
  const url = getConfig().redisUrl;
  if (!url) throw new Error(`Redis is not configured. ${REDIS_MISSING_HELP}`);
  const adapter = createNodeRedisClient(createRedisClient(url, name));
  // BullMQ leaves a client it was handed open after close() and stops listening
  // to it; without a listener its next socket error (a Redis restart) would
  // crash the process. The node-redis client already logs those errors.
  adapter.on('error', () => undefined);
  open.add(adapter);
  return adapter;
}

/** Close connections made by `bullConnection` (all by default) once the Queues/Workers using them are closed. */
export async function closeBullConnections(which: Iterable<IRedisClient> = [...open]): Promise<void> {
  await Promise.all(
    [...which].map(async (c) => {
      open.delete(c);
      try {
        await c.quit();
      } catch {
        c.disconnect();
      }
    }),
  );
}

/** The key prefix BullMQ uses (`{il}` by default). */
export function bullPrefix(): string {
  return getConfig().redisPrefix;
}
