import { createSharedRateLimiter } from '../api-limits/shared-rate-limit';
import { errorResponse } from '../http/errors';

/**
 * Per-user budgets of the notebook endpoints, shared by every web process. A
 * page mints one token per visit and saves edits debounced, so these only
 * stop runaway loops.
 */
const limiters = {
  token: createSharedRateLimiter('notebook-token', 30),
  edits: createSharedRateLimiter('notebook-edits', 240),
  progress: createSharedRateLimiter('notebook-progress', 60),
  // Server compiles only bridge the seconds before esbuild-wasm is up in the page.
  compile: createSharedRateLimiter('notebook-compile', 60),
  // Checks poll a verification while a queued notification is delivered.
  verify: createSharedRateLimiter('notebook-verify', 120),
};

/** Count one call; a 429 response when the budget is spent, else null. */
export async function notebookBudget(kind: keyof typeof limiters, userId: number): Promise<Response | null> {
  const d = await limiters[kind].take(`u${userId}`);
  if (d.allowed) return null;
  return errorResponse(429, 'rate_limited', `Too many requests; try again in ${d.resetSeconds} s.`, { headers: d.headers });
}
