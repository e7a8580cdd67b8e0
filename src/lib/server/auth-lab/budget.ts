import { createRateLimiter } from '../api-limits/rate-limit';
import { rateLimitedError } from '../api-limits';

/**
 * Per-user budgets of the login lesson's endpoints. A login demonstration
 * costs two Argon2id hashes, so it gets a small budget; the rest are cheap.
 */
const limiters = {
  'login-demo': createRateLimiter(6),
  sessions: createRateLimiter(60),
  totp: createRateLimiter(60),
};

/** Count one call; throws the 429 ApiError (with RateLimit and Retry-After headers) when the budget is spent. */
export function takeLabBudget(endpoint: keyof typeof limiters, userId: number): Record<string, string> {
  const decision = limiters[endpoint].take(`u${userId}`);
  if (!decision.allowed) throw rateLimitedError(decision);
  return decision.headers;
}
