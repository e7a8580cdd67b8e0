import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ResourceName, RestItem } from '../../shared/rest/types';
import { getConfig } from '../config';
import { log } from '../log';
import { createRedisClient, getRedis, redisKey, type Redis } from '../redis/client';

/**
 * Changes to a learner's records, for live subscribers (GraphQL's
 * `todoChanged`). In this process they go through an EventEmitter kept on
 * globalThis (Astro's endpoints and the WebSocket routes may be bundled apart
 * but share the process). With Redis configured they are also published on
 * one channel, so a subscriber held by another web process (nginx balances
 * two) hears a change made here; each process ignores its own messages.
 */

/** One change a learner made, through REST or GraphQL. */
export interface RestChange {
  viewerId: number;
  resource: ResourceName;
  kind: 'created' | 'updated' | 'deleted';
  id: number;
  /** The record after the change; null when deleted. */
  item: RestItem | null;
}

interface Hub {
  emitter: EventEmitter;
  origin: string;
  subscriber?: Promise<Redis>;
}

const KEY = Symbol.for('interview-lab.rest.changes');
const elog = log.child({ mod: 'rest-events' });

function hub(): Hub {
  const g = globalThis as { [KEY]?: Hub };
  if (!g[KEY]) {
    const emitter = new EventEmitter();
    // One listener per open subscription; the per-user WebSocket limits bound them.
    emitter.setMaxListeners(0);
    g[KEY] = { emitter, origin: randomUUID() };
  }
  return g[KEY];
}

/** The pub/sub channel that carries REST writes between web processes. */
export function restChangesChannel(): string {
  return redisKey('rest', 'changes');
}

/** Listen to the other web processes' changes (once per process, when the first listener arrives). */
function ensureSubscribed(h: Hub): void {
  const url = getConfig().redisUrl;
  if (!url || h.subscriber) return;
  const client = createRedisClient(url, `il-web-rest-${process.pid}`);
  h.subscriber = client.connect().then(async () => {
    await client.subscribe(restChangesChannel(), (raw) => {
      try {
        const msg = JSON.parse(raw) as { origin: string; change: RestChange };
        if (msg.origin !== h.origin) h.emitter.emit('change', msg.change);
      } catch (err) {
        elog.warn('unreadable change message', { err });
      }
    });
    return client;
  });
  h.subscriber.catch((err: unknown) => {
    elog.warn('could not subscribe to changes from other processes', { err });
    h.subscriber = undefined;
  });
}

/** Tell subscribers, here and in the other web processes, about a change. */
export function publishChange(change: RestChange): void {
  const h = hub();
  h.emitter.emit('change', change);
  if (!getConfig().redisUrl) return;
  getRedis()
    .then((r) => r.publish(restChangesChannel(), JSON.stringify({ origin: h.origin, change })))
    .catch((err: unknown) => elog.debug('could not publish a change', { err }));
}

/** Listen to every change; returns the function that stops listening. */
export function onChange(listener: (change: RestChange) => void): () => void {
  const h = hub();
  h.emitter.on('change', listener);
  ensureSubscribed(h);
  return () => h.emitter.off('change', listener);
}
