/**
 * Per-user request budgets for the learning APIs, announced with the IETF
 * RateLimit header fields (`RateLimit-Limit`, `-Remaining`, `-Reset`,
 * `-Policy`) on every answer, so a client can slow down before it is refused.
 * A fixed window per user kept in this process's memory, because these
 * budgets sit on the hottest request path: with N web processes behind nginx
 * a user's budget is N times the limit (nginx's own limits cap the total),
 * and a restart forgiving everyone is harmless here. Sign-in throttles, which
 * must hold across processes, live in SQLite (auth/throttle.ts) instead.
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
  const policy = `${limit};w=${Math.round(windowMs / 1000)}`;

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
      const remaining = Math.max(0, limit - w.count);
      const resetSeconds = Math.max(1, Math.ceil((w.startedAt + windowMs - now) / 1000));
      const headers: Record<string, string> = {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(resetSeconds),
        'ratelimit-policy': policy,
      };
      if (!allowed) headers['retry-after'] = String(resetSeconds);
      return { allowed, limit, remaining, resetSeconds, headers };
    },
    size: () => windows.size,
  };
}
