import { ApiError } from '../http/errors';
import { redisKey, type Redis } from '../redis/client';

/** The counter of one fixed window (its key). */
export function rateLimitKey(name: string, who: string | number, window: number): string {
  return redisKey('rl', name, who, window);
}

/**
 * A fixed-window counter in Redis, shared by every web process: at most
 * `limit` calls per `windowMs` per key, else a 429 with Retry-After.
 */
export async function enforceRateLimit(redis: Redis, name: string, who: string | number, limit: number, windowMs: number): Promise<void> {
  const window = Math.floor(Date.now() / windowMs);
  const key = rateLimitKey(name, who, window);
  const [count] = (await redis.multi().incr(key).pExpire(key, windowMs).exec()) as unknown as [number, unknown];
  if (Number(count) > limit) {
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - Date.now()) / 1000));
    throw new ApiError(429, 'rate_limited', `Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s. Retry in ${retryAfter} s.`, {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}
