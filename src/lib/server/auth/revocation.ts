import { randomUUID } from 'node:crypto';
import { getConfig } from '../config';
import { getKysely } from '../db/database';
import { log } from '../log';
import { createRedisClient, getRedis, redisConfigured, redisKey, type Redis } from '../redis/client';
import type { Principal } from './principal';

/**
 * When credentials end (logout, a session ended from /account, a password
 * change or reset, a revoked token), every web process must stop honouring
 * them at once: the API fast path forgets cached tokens, and WebSockets
 * opened with them close. The process that ended them tells its own
 * listeners directly and every other process through one Redis pub/sub
 * channel; listeners then re-check the user's credentials against the
 * database, which stays the one truth (a lost message costs at most the
 * router's periodic re-check, never a wrongly honoured credential for long).
 * Caches of credentials ask `announcementsEpoch()` whether they may trust
 * what they hold: not while the subscription is down (announcements would be
 * lost), and nothing from before its last reconnect.
 */

type Listener = (userId: number) => void;

const rlog = log.child({ mod: 'revocation' });
const listeners = new Set<Listener>();
const origin = randomUUID();
let subscription: Promise<void> | undefined;
let subscriber: Redis | undefined;
let epoch = 0;

/** The pub/sub channel that tells every process a session or token ended. */
export function sessionEndedChannel(): string {
  return redisKey('auth', 'ended');
}

function notify(userId: number): void {
  for (const l of listeners) {
    try {
      l(userId);
    } catch (err) {
      rlog.error('revocation listener failed', { err });
    }
  }
}

/** Say that some credentials of `userId` ended: here at once, in other web processes through Redis. */
export function announceCredentialsEnded(userId: number): void {
  notify(userId);
  if (!redisConfigured()) return;
  getRedis()
    .then((redis) => redis.publish(sessionEndedChannel(), JSON.stringify({ userId, origin })))
    .catch((err: unknown) => rlog.warn('could not broadcast ended credentials', { userId, err }));
}

/** Run `listener` whenever some credentials of a user end (in any process); returns the function that stops it. */
export function onCredentialsEnded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Subscribe this process to other processes' announcements (once; no-op without Redis). */
export function listenForEndedCredentials(): Promise<void> {
  const url = getConfig().redisUrl;
  if (!url) return Promise.resolve();
  subscription ??= (async () => {
    const client: Redis = createRedisClient(url, `il-web-revocation-${process.pid}`);
    // Every (re)connection may follow a gap in which announcements were lost.
    client.on('ready', () => epoch++);
    subscriber = client;
    await client.connect();
    await client.subscribe(sessionEndedChannel(), (raw) => {
      try {
        const msg = JSON.parse(raw) as { userId?: unknown; origin?: unknown };
        if (msg.origin !== origin && typeof msg.userId === 'number') notify(msg.userId);
      } catch {
        rlog.warn('ignored a malformed revocation message');
      }
    });
  })().catch((err: unknown) => {
    subscription = undefined;
    subscriber?.destroy();
    subscriber = undefined;
    rlog.warn('could not subscribe to ended credentials', { err });
  });
  return subscription;
}

/**
 * The number of the current unbroken stretch of announcements from other
 * processes, or null while they cannot arrive (Redis configured but this
 * process is not subscribed right now). Without Redis there is one web
 * process and its own announcements always arrive: 0.
 */
export function announcementsEpoch(): number | null {
  if (!getConfig().redisUrl) return 0;
  return subscriber?.isReady ? epoch : null;
}

/** Whether the credentials a principal was resolved from are still good (session not ended or expired, token not revoked or expired). */
export async function isPrincipalLive(principal: Principal, now = Date.now()): Promise<boolean> {
  const db = getKysely();
  if (principal.kind === 'session') {
    const row = await db
      .selectFrom('sessions')
      .select(['idle_expires_at', 'absolute_expires_at'])
      .where('id', '=', principal.session.id)
      .executeTakeFirst();
    return row !== undefined && row.absolute_expires_at > now && row.idle_expires_at > now;
  }
  const row = await db
    .selectFrom('api_tokens as t')
    .leftJoin('sessions as s', 's.id', 't.session_id')
    .select(['t.revoked_at', 't.expires_at', 't.session_id', 's.id as live_session'])
    .where('t.id', '=', principal.token.id)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return false;
  // A lesson token lives only as long as the browser session it was minted for.
  return row.session_id === null || row.live_session !== null;
}
