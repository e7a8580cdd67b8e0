import type { InboxItem, InboxServerMessage } from '../../shared/notifications/types';
import { redisKey, type Redis } from '../redis/client';

/**
 * Live delivery through Redis pub/sub: every user has a channel; each web
 * process subscribes to the channels of the users it has sockets for, so a
 * worker's publish reaches the right browser whichever web process holds it.
 */

/** The pub/sub channel of one user's inbox. */
export function inboxChannel(userId: number): string {
  return redisKey('inbox', userId);
}

/** Publish one message to a user's channel (received by every web process that holds a socket of theirs). */
export async function publishToUser(redis: Redis, userId: number, message: InboxServerMessage): Promise<void> {
  await redis.publish(inboxChannel(userId), JSON.stringify(message));
}

/** Publish freshly delivered items, one message per item, in one round trip. */
export async function publishItems(redis: Redis, items: ReadonlyArray<{ recipientId: number; item: InboxItem }>): Promise<void> {
  if (!items.length) return;
  await Promise.all(items.map(({ recipientId, item }) => publishToUser(redis, recipientId, { type: 'notification', item })));
}
