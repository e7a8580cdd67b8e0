import { createSharedRateLimiter } from '../api-limits/shared-rate-limit';
import { rateLimitedError } from '../api-limits';

/**
 * Per-user budgets of the login lesson's endpoints, shared by every web process. A login demonstration
 * costs two Argon2id hashes, so it gets a small budget; the rest are cheap.
 */
const limiters = {
  'login-demo': createSharedRateLimiter('lab-login-demo', 6),
  sessions: createSharedRateLimiter('lab-sessions', 60),
  totp: createSharedRateLimiter('lab-totp', 60),
};

/** Count one call; throws the 429 ApiError (with RateLimit and Retry-After headers) when the budget is spent. */
export async function takeLabBudget(endpoint: keyof typeof limiters, userId: number): Promise<Record<string, string>> {
  const decision = await limiters[endpoint].take(`u${userId}`);
  if (!decision.allowed) throw rateLimitedError(decision);
  return decision.headers;
}
