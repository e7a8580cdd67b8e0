import { createRateLimiter } from '../api-limits/rate-limit';
import { errorResponse } from '../http/errors';

/**
 * Per-user budgets of the notebook endpoints. A page mints one token per
 * visit and saves edits debounced, so these only stop runaway loops.
 */
const limiters = {
  token: createRateLimiter(30),
  edits: createRateLimiter(240),
  progress: createRateLimiter(60),
  // Server compiles only bridge the seconds before esbuild-wasm is up in the page.
  compile: createRateLimiter(60),
  // Checks poll a verification while a queued notification is delivered.
  verify: createRateLimiter(120),
};

/** Count one call; a 429 response when the budget is spent, else null. */
export function notebookBudget(kind: keyof typeof limiters, userId: number): Response | null {
  const d = limiters[kind].take(`u${userId}`);
  if (d.allowed) return null;
  return errorResponse(429, 'rate_limited', `Too many requests; try again in ${d.resetSeconds} s.`, { headers: d.headers });
}
