import { log } from '../log';
import { dedicatedRedis } from '../redis/client';
import { inboxChannel } from './live';

/**
 * The web process's side of live delivery: one Redis subscriber connection
 * per process, subscribed to the channel of each user who has at least one
 * socket here, fanning every message out to that user's sockets. node-redis
 * subscribes again by itself after a reconnect.
 */

type Listener = (raw: string) => void;

const hlog = log.child({ mod: 'inbox-hub' });
const listeners = new Map<number, Set<Listener>>();
const connectSubscriber = dedicatedRedis('inbox');

/** Subscriptions being made or made, per user: later sockets wait for the same one. */
const subscribed = new Map<number, Promise<void>>();

/** Deliver every message published for `userId` to `listener`; resolves (subscribed) to the function that stops it. */
export async function subscribeInbox(userId: number, listener: Listener): Promise<() => void> {
  let set = listeners.get(userId);
  if (!set) {
    set = new Set();
    listeners.set(userId, set);
  }
  set.add(listener);
  let ready = subscribed.get(userId);
  if (!ready) {
    ready = connectSubscriber().then((sub) =>
      sub.subscribe(inboxChannel(userId), (message) => {
        for (const l of listeners.get(userId) ?? []) l(message);
      }),
    );
    subscribed.set(userId, ready);
  }
  try {
    await ready;
  } catch (err) {
    if (subscribed.get(userId) === ready) subscribed.delete(userId);
    set.delete(listener);
    if (!set.size) listeners.delete(userId);
    throw err;
  }
  return () => {
    const s = listeners.get(userId);
    if (!s?.delete(listener) || s.size) return;
    listeners.delete(userId);
    subscribed.delete(userId);
    void connectSubscriber()
      .then((sub) => sub.unsubscribe(inboxChannel(userId)))
      .catch((err: unknown) => hlog.debug('unsubscribe failed', { err }));
  };
}
