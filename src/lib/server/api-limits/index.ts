import { getConfig } from '../config';
import { ApiError, errorResponse } from '../http/errors';
import type { RateDecision } from './rate-limit';
import { createSharedRateLimiter, type SharedRateLimiter } from './shared-rate-limit';

/**
 * The budgets of the learning APIs: one limiter per API, keyed by user, so a
 * GraphQL loop does not eat the REST budget, each shared by every web process
 * through Redis (shared-rate-limit.ts). Like the change emitter they live on
 * globalThis because the WebSocket bundle and Astro's share a process.
 */

export type { RateDecision };

/** The APIs with a per-user budget. */
export type LimitedApi = 'rest' | 'graphql';

const KEY = Symbol.for('interview-lab.api-limits');

function limiters(): Record<LimitedApi, SharedRateLimiter> {
  const g = globalThis as { [KEY]?: Record<LimitedApi, SharedRateLimiter> };
  if (!g[KEY]) {
    const perMinute = getConfig().apiRateLimitPerMinute;
    g[KEY] = { rest: createSharedRateLimiter('rest', perMinute), graphql: createSharedRateLimiter('graphql', perMinute) };
  }
  return g[KEY];
}

/** Count one request of `userId` against an API's budget: decided at once, or after one Redis round trip. */
export function takeApiBudget(api: LimitedApi, userId: number): RateDecision | Promise<RateDecision> {
  return limiters()[api].take(`u${userId}`);
}

/** The 429 error for a spent budget, carrying the RateLimit and Retry-After headers. */
export function rateLimitedError(decision: RateDecision): ApiError {
  return new ApiError(429, 'rate_limited', `Too many requests: ${decision.limit} a minute are allowed; try again in ${decision.resetSeconds} s.`, {
    headers: decision.headers,
  });
}

/** The 429 answer for a spent budget, as a fetch Response. */
export function rateLimitedResponse(decision: RateDecision): Response {
  const err = rateLimitedError(decision);
  return errorResponse(err.status, err.code, err.message, err.extra);
}

/** Copy the RateLimit headers onto a response. */
export function withRateHeaders(response: Response, decision: RateDecision): Response {
  for (const [k, v] of Object.entries(decision.headers)) response.headers.set(k, v);
  return response;
}
