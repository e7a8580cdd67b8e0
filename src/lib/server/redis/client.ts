import { createClient, type RedisClientType } from 'redis';
import { getConfig, processName } from '../config';
import { log } from '../log';

/**
 * The one module that owns Redis connections (node-redis 5). Every key the
 * portal writes starts with the configured prefix, a hash tag such as `{il}`,
 * so all of them land in one Redis Cluster slot and multi-key scripts work.
 */

export type Redis = RedisClientType;

const rlog = log.child({ mod: 'redis' });

/** How a user gets Redis when it is missing; shown on the health check and queue pages. */
export const REDIS_MISSING_HELP =
  'Install Redis (Debian/Ubuntu: sudo apt-get install redis-server) and restart the portal, which then starts a private one, or set REDIS_URL to a running server.';

/** Backoff between reconnect attempts: 100 ms doubling to 5 s, with jitter. */
export function reconnectDelay(retries: number): number {
  const base = Math.min(5000, 100 * 2 ** Math.min(retries, 6));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** A new client for `url` with reconnect backoff and logged (not thrown) errors. Not yet connected. */
export function createRedisClient(url: string, name: string): Redis {
  let lastLogged = 0;
  const client = createClient({
    url,
    name,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => reconnectDelay(retries) },
  }) as Redis;
  client.on('error', (err: Error) => {
    // A down Redis reports an error per reconnect attempt; one line every 10 s is enough.
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      rlog.warn('redis connection error', { client: name, err });
    }
  });
  return client;
}

/** The full key for a portal key: `{il}:part:part`. */
export function redisKey(...parts: Array<string | number>): string {
  return [getConfig().redisPrefix, ...parts].join(':');
}

let shared: Promise<Redis> | undefined;
let sharedClient: Redis | undefined;

/** Whether this process has a Redis to talk to at all (REDIS_URL set, or given by the supervisor). */
export function redisConfigured(): boolean {
  return Boolean(getConfig().redisUrl);
}

/** The process-wide client, connected on first use; rejects with a clear message when Redis is not configured. */
export function getRedis(): Promise<Redis> {
  const url = getConfig().redisUrl;
  if (!url) return Promise.reject(new Error(`Redis is not configured. ${REDIS_MISSING_HELP}`));
  if (!shared) {
    sharedClient = createRedisClient(url, `il-${processName()}-${process.pid}`);
    shared = sharedClient.connect().then(() => sharedClient!);
    // Keep the promise usable for later callers even if the first connect fails:
    // the client keeps reconnecting on its own.
    shared.catch(() => undefined);
  }
  return shared;
}

/**
 * The process-wide client when it is connected right now, else null (starting
 * the connection if nobody has yet). For hot paths that must answer without
 * waiting for a reconnect: node-redis would queue their commands until then.
 */
export function readyRedis(): Redis | null {
  if (!redisConfigured()) return null;
  if (!shared) void getRedis().catch(() => undefined);
  return sharedClient?.isReady ? sharedClient : null;
}

let firstConnection: 'pending' | 'settled' = 'pending';

/**
 * For a hot path that found no ready client: while the process is still
 * making its first connection (just started), wait up to `timeoutMs` for it;
 * once that has succeeded or taken longer than that, a client that is not
 * ready is reconnecting and waiting would only add latency: resolve null.
 */
export function firstRedisConnection(timeoutMs: number): Promise<Redis | null> {
  if (!redisConfigured() || firstConnection === 'settled') return Promise.resolve(sharedClient?.isReady ? sharedClient : null);
  const connecting = getRedis().then(
    (c) => {
      firstConnection = 'settled';
      return c.isReady ? c : null;
    },
    () => {
      firstConnection = 'settled';
      return null;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      // Redis was down at start (connect() keeps retrying): later callers should not wait too.
      firstConnection = 'settled';
      resolve(null);
    }, timeoutMs);
    timer.unref();
  });
  return Promise.race([connecting, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A lazily connected client of its own for one job (a pub/sub subscriber
 * cannot send ordinary commands): the returned function connects on first
 * use and, after a failed first connect, tries again on the next call.
 */
export function dedicatedRedis(purpose: string): () => Promise<Redis> {
  let client: Promise<Redis> | undefined;
  return () => {
    if (!client) {
      const url = getConfig().redisUrl;
      if (!url) return Promise.reject(new Error('Redis is not configured'));
      const c = createRedisClient(url, `il-${processName()}-${purpose}-${process.pid}`);
      client = c.connect().then(() => c);
      client.catch(() => {
        client = undefined;
      });
    }
    return client;
  };
}

/** Ping Redis within `timeoutMs`, for the health check. */
export async function checkRedis(timeoutMs = 1000): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!redisConfigured()) return { ok: false, reason: `Redis is not configured. ${REDIS_MISSING_HELP}` };
  try {
    const ping = getRedis().then((c) => c.ping());
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs).unref(),
    );
    await Promise.race([ping, timeout]);
    return { ok: true };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: sharedClient?.isReady === false ? `cannot reach Redis at ${safeUrl()}: ${reason}` : reason };
  }
}

function safeUrl(): string {
  const url = new URL(getConfig().redisUrl!);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Close the process-wide client (graceful shutdown, tests). */
export async function closeRedis(): Promise<void> {
  const c = sharedClient;
  shared = undefined;
  sharedClient = undefined;
  firstConnection = 'pending';
  if (c?.isOpen) await c.close().catch(() => c.destroy());
  else c?.destroy();
}
