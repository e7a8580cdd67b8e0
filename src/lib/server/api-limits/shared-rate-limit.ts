import { log } from '../log';
import { firstRedisConnection, readyRedis, redisConfigured, redisKey, type Redis } from '../redis/client';
import { luaScript, runScript } from '../redis/script';
import { createRateLimiter, rateDecision, ratePolicy, type RateDecision } from './rate-limit';

/**
 * A per-user budget counted in Redis, so every web process on every host
 * spends the same one: N processes behind nginx give a user one budget, not N.
 * The window starts at a user's first request and lasts `windowMs` (Redis
 * keeps the time left as the key's TTL, so hosts' clocks never disagree about
 * it), as the in-process limiter did, with the same RateLimit headers.
 *
 * Cost on the hot path: one EVALSHA, which node-redis pipelines with every
 * other command issued in the same tick. A user already refused in the
 * current window is refused from memory until it ends (a fixed window's
 * count never goes down), so a client hammering the API after its 429 costs
 * Redis nothing.
 *
 * When Redis cannot answer (not connected, or no reply within
 * REDIS_TIMEOUT_MS) the budget fails open onto this process's own in-memory
 * window of the same size, and says so in the log once a minute: these
 * budgets share CPU fairly between learners, they guard no secret (sign-in
 * throttles live in the database), so a Redis outage should slow nobody's
 * lessons down; at worst a user gets one budget per process until Redis is
 * back.
 */

/** Longest the hot path waits for Redis before deciding from memory. */
export const REDIS_TIMEOUT_MS = 250;
/** Most users remembered as refused at once (the memory is swept when full). */
const MAX_REFUSED = 100_000;
const LOG_EVERY_MS = 60_000;

const llog = log.child({ mod: 'rate-limit' });

// KEYS[1] the window's counter; ARGV limit, window ms. Returns {allowed, count, ms left}.
const TAKE = luaScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if n < tonumber(ARGV[1]) then
  n = redis.call('INCR', KEYS[1])
  allowed = 1
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {allowed, n, ttl}
`);

/** A budget shared through Redis: `take` answers at once from memory, or after one Redis round trip. */
export interface SharedRateLimiter {
  take(key: string): RateDecision | Promise<RateDecision>;
}

/** A shared budget named `name` (its Redis keys are `{prefix}:rl:api:<name>:<key>`) of `limit` per `windowMs`. */
export function createSharedRateLimiter(name: string, limit: number, windowMs = 60_000): SharedRateLimiter {
  const local = createRateLimiter(limit, windowMs);
  const policy = ratePolicy(limit, windowMs);
  const args = [String(limit), String(windowMs)];
  /** Users refused in their current window, with when that window ends. */
  const refusedUntil = new Map<string, number>();
  let lastLogged = 0;

  function fallBack(key: string, why: string): RateDecision {
    const now = Date.now();
    if (now - lastLogged >= LOG_EVERY_MS) {
      lastLogged = now;
      llog.warn('rate budgets counted per process until Redis answers', { budget: name, reason: why });
    }
    return local.take(key, now);
  }

  function remember(key: string, decision: RateDecision, msLeft: number): RateDecision {
    if (decision.allowed) return decision;
    const now = Date.now();
    if (refusedUntil.size >= MAX_REFUSED) {
      for (const [k, until] of refusedUntil) if (until <= now) refusedUntil.delete(k);
      if (refusedUntil.size >= MAX_REFUSED) refusedUntil.clear();
    }
    refusedUntil.set(key, now + msLeft);
    return decision;
  }

  function count(client: Redis, key: string): Promise<RateDecision> {
    return runScript<[number, number, number]>(client, TAKE, [redisKey('rl', 'api', name, key)], args, REDIS_TIMEOUT_MS).then(
      ([allowed, n, ttl]) => remember(key, rateDecision(limit, policy, n, allowed === 1, ttl), ttl),
      (err: unknown) => fallBack(key, err instanceof Error ? err.message : String(err)),
    );
  }

  return {
    take(key) {
      if (!redisConfigured()) return local.take(key);
      const now = Date.now();
      const until = refusedUntil.get(key);
      if (until !== undefined) {
        if (until > now) return rateDecision(limit, policy, limit, false, until - now);
        refusedUntil.delete(key);
      }
      const client = readyRedis();
      if (client) return count(client, key);
      // Just started: the first connection is usually a few milliseconds away.
      return firstRedisConnection(REDIS_TIMEOUT_MS).then((c) => (c ? count(c, key) : fallBack(key, 'not connected')));
    },
  };
}
