import { hash as oneShotHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { ARGON2_PARAMS, hashPassword } from '../../auth/password';
import { ApiError } from '../../http/errors';
import { withSlot } from '../limits';
import type { CryptoOperation } from '../route';

/**
 * POST /api/crypto/password-hashing: measures, on this server and now, how
 * many SHA-256 hashes and how many Argon2id hashes (with the very parameters
 * the portal's sign-in uses) one core computes per second. The gap is the
 * reason passwords get a slow, memory-hard hash: an attacker who steals the
 * table must pay the same price per guess.
 *
 * Rates are best-of: the fastest batch of SHA-256 and the fastest single
 * Argon2id hash. Other work on a shared server only ever slows a sample down,
 * so the best sample is the steadiest estimate of what the core can do, and
 * the two lessons that call this show comparable ratios from run to run.
 */

const schema = z
  .object({
    argon2Hashes: z
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(8, 'must be at most 8')
      .default(4),
  })
  .strict();

const SHA_BATCH = 2000;

/** Hash a fixed password with SHA-256 for about `budgetMs`, yielding to the event loop between batches; `bestMs` is the fastest batch. */
async function measureSha256(password: Buffer, budgetMs: number): Promise<{ hashes: number; ms: number; bestMs: number }> {
  let hashes = 0;
  let bestMs = Infinity;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    const batchStarted = performance.now();
    // crypto.hash is Node's one-shot digest: no Hash object per call, so this counts hashing, not allocation.
    for (let i = 0; i < SHA_BATCH; i++) oneShotHash('sha256', password, 'buffer');
    bestMs = Math.min(bestMs, performance.now() - batchStarted);
    hashes += SHA_BATCH;
    await nextTurn();
  }
  return { hashes, ms: performance.now() - started, bestMs };
}

/** Measure SHA-256 and Argon2id rates on this server. */
export const passwordHashingOperation: CryptoOperation<typeof schema> = {
  name: 'password-hashing',
  schema,
  maxBody: 1024,
  cost: 'argon2',
  optionalBody: true,
  async run({ argon2Hashes }) {
    const password = `correct horse ${randomBytes(4).toString('hex')}`;
    const sha = await measureSha256(Buffer.from(password), 150);
    const argon = await withSlot('argon2', async () => {
      const started = performance.now();
      let bestMs = Infinity;
      for (let i = 0; i < argon2Hashes; i++) {
        const hashStarted = performance.now();
        await hashPassword(password);
        bestMs = Math.min(bestMs, performance.now() - hashStarted);
      }
      return { hashes: argon2Hashes, ms: performance.now() - started, bestMs };
    });
    if (!argon)
      throw new ApiError(429, 'busy', 'Another Argon2 measurement is running; try again in a few seconds.', { headers: { 'retry-after': '2' } });
    const shaRate = (SHA_BATCH / sha.bestMs) * 1000;
    const argonRate = 1000 / argon.bestMs;
    return {
      sha256: { hashes: sha.hashes, ms: Math.round(sha.ms), perSecond: Math.round(shaRate) },
      argon2id: {
        params: { memoryKiB: ARGON2_PARAMS.memoryCost, iterations: ARGON2_PARAMS.timeCost, parallelism: ARGON2_PARAMS.parallelism },
        hashes: argon.hashes,
        ms: Math.round(argon.ms),
        msPerHash: Math.round(argon.bestMs * 10) / 10,
        perSecond: Math.round(argonRate * 10) / 10,
      },
      ratio: Math.round(shaRate / argonRate),
      measuredOn: "one core of this portal's server, just now (best of several samples)",
    };
  },
};
