/**
 * Per-user request budgets for the learning APIs, announced with the IETF
 * RateLimit header fields (`RateLimit-Limit`, `-Remaining`, `-Reset`,
 * `-Policy`) on every answer, so a client can slow down before it is refused.
 * This is the fixed window kept in one process's memory: the budgets every
 * process must agree on are counted in Redis (shared-rate-limit.ts), which
 * falls back to this one while Redis cannot answer. Sign-in throttles live in
 * the database (auth/throttle.ts).
 */

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  headers: Record<string, string>;
}

/** A limiter: `take(key)` counts one request for `key` and says whether it may go on. */
export interface RateLimiter {
  take(key: string, now?: number): RateDecision;
  /** How many keys are being tracked (to check memory stays bounded). */
  size(): number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** Create a limiter allowing `limit` requests per `windowMs` per key. */
export function createRateLimiter(limit: number, windowMs = 60_000, maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, Window>();
  const policy = ratePolicy(limit, windowMs);

  function sweep(now: number): void {
    for (const [k, w] of windows) if (now - w.startedAt >= windowMs) windows.delete(k);
  }

  return {
    take(key, now = Date.now()) {
      let w = windows.get(key);
      if (!w || now - w.startedAt >= windowMs) {
        if (!w && windows.size >= maxKeys) sweep(now);
        w = { startedAt: now, count: 0 };
        windows.set(key, w);
      }
      const allowed = w.count < limit;
      if (allowed) w.count++;
      return rateDecision(limit, policy, w.count, allowed, w.startedAt + windowMs - now);
    },
    size: () => windows.size,
  };
}

/** The `RateLimit-Policy` value of a budget: `600;w=60`. */
export function ratePolicy(limit: number, windowMs: number): string {
  return `${limit};w=${Math.round(windowMs / 1000)}`;
}

/** A decision and its headers, from the window's count after this request and the time left in it. */
export function rateDecision(limit: number, policy: string, count: number, allowed: boolean, resetInMs: number): RateDecision {
  const remaining = Math.max(0, limit - count);
  const resetSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
  const headers: Record<string, string> = {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(resetSeconds),
    'ratelimit-policy': policy,
  };
  if (!allowed) headers['retry-after'] = String(resetSeconds);
  return { allowed, limit, remaining, resetSeconds, headers };
}
