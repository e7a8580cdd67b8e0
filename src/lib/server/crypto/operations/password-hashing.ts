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
 */

const schema = z
  .object({
    argon2Hashes: z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(8, 'must be at most 8').default(4),
  })
  .strict();

/** Hash a fixed password with SHA-256 for about `budgetMs`, yielding to the event loop between batches. */
async function measureSha256(password: Buffer, budgetMs: number): Promise<{ hashes: number; ms: number }> {
  let hashes = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    // crypto.hash is Node's one-shot digest: no Hash object per call, so this counts hashing, not allocation.
    for (let i = 0; i < 2000; i++) oneShotHash('sha256', password, 'buffer');
    hashes += 2000;
    await nextTurn();
  }
  return { hashes, ms: performance.now() - started };
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
      for (let i = 0; i < argon2Hashes; i++) await hashPassword(password);
      return { hashes: argon2Hashes, ms: performance.now() - started };
    });
    if (!argon) throw new ApiError(429, 'busy', 'Another Argon2 measurement is running; try again in a few seconds.', { headers: { 'retry-after': '2' } });
    const shaRate = (sha.hashes / sha.ms) * 1000;
    const argonRate = (argon.hashes / argon.ms) * 1000;
    return {
      sha256: { hashes: sha.hashes, ms: Math.round(sha.ms), perSecond: Math.round(shaRate) },
      argon2id: {
        params: { memoryKiB: ARGON2_PARAMS.memoryCost, iterations: ARGON2_PARAMS.timeCost, parallelism: ARGON2_PARAMS.parallelism },
        hashes: argon.hashes,
        ms: Math.round(argon.ms),
        msPerHash: Math.round((argon.ms / argon.hashes) * 10) / 10,
        perSecond: Math.round(argonRate * 10) / 10,
      },
      ratio: Math.round(shaRate / argonRate),
      measuredOn: 'one core of this portal\'s server, just now',
    };
  },
};
