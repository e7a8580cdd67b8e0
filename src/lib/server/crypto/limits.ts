import type { RateDecision } from '../api-limits/rate-limit';
import { createSharedRateLimiter, type SharedRateLimiter } from '../api-limits/shared-rate-limit';
import { getConfig } from '../config';

/**
 * Budgets for the crypto API, per user and shared by every web process
 * (through Redis): every call counts against a per-minute budget of the same
 * size as the REST and GraphQL APIs' (API_RATE_LIMIT, its own counter), and the expensive ones (RSA and Fernet key
 * generation, the Argon2 measurement) have small budgets of their own. RSA key generation and Argon2 also share libuv's thread pool
 * with sign-in hashing, so only a few may run at once in the whole process.
 */

/** What a call costs beyond the common budget. */
export type CryptoCost = 'call' | 'fernet-key' | 'rsa-keygen' | 'argon2';

/** Extra per-user allowances per minute for the expensive calls. */
export const EXPENSIVE_PER_MINUTE: Record<Exclude<CryptoCost, 'call'>, number> = {
  'fernet-key': 60,
  'rsa-keygen': 10,
  argon2: 6,
};

/** How many of each heavy job may run at once in this process (libuv has 4 threads by default). */
export const MAX_CONCURRENT: Record<'rsa-keygen' | 'argon2', number> = { 'rsa-keygen': 2, argon2: 1 };

const KEY = Symbol.for('interview-lab.crypto-limits');

interface State {
  limiters: Record<CryptoCost, SharedRateLimiter>;
  running: Record<'rsa-keygen' | 'argon2', number>;
}

function state(): State {
  const g = globalThis as { [KEY]?: State };
  g[KEY] ??= {
    limiters: {
      call: createSharedRateLimiter('crypto', getConfig().apiRateLimitPerMinute),
      'fernet-key': createSharedRateLimiter('crypto-fernet-key', EXPENSIVE_PER_MINUTE['fernet-key']),
      'rsa-keygen': createSharedRateLimiter('crypto-rsa-keygen', EXPENSIVE_PER_MINUTE['rsa-keygen']),
      argon2: createSharedRateLimiter('crypto-argon2', EXPENSIVE_PER_MINUTE.argon2),
    },
    running: { 'rsa-keygen': 0, argon2: 0 },
  };
  return g[KEY];
}

/** Count one call by `userId`: the common budget first, then the call's own. The first refusal wins. */
export async function takeCryptoBudget(userId: number, cost: CryptoCost): Promise<RateDecision> {
  const { limiters } = state();
  const common = await limiters.call.take(`u${userId}`);
  if (!common.allowed || cost === 'call') return common;
  return limiters[cost].take(`u${userId}`);
}

/**
 * Run a heavy job if a slot is free; resolve `null` at once when all slots
 * are taken (the caller answers 429) rather than queueing work nobody may wait for.
 */
export async function withSlot<T>(kind: 'rsa-keygen' | 'argon2', job: () => Promise<T>): Promise<T | null> {
  const s = state();
  if (s.running[kind] >= MAX_CONCURRENT[kind]) return null;
  s.running[kind]++;
  try {
    return await job();
  } finally {
    s.running[kind]--;
  }
}
