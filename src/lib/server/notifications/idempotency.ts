import { createHash } from 'node:crypto';
import { ApiError } from '../http/errors';
import { redisKey, type Redis } from '../redis/client';

/**
 * `Idempotency-Key` for POSTs: the first request with a key runs and its
 * answer is kept for a day; a retry with the same key and body gets the same
 * answer back (and queues nothing), a retry with another body is refused,
 * and one that arrives while the first is still running is told to wait.
 */

const KEEP_S = 24 * 3600;
const PENDING_MS = 30_000;

/** A stored answer. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  state: 'pending' | 'done';
  fingerprint: string;
  answer?: StoredAnswer;
}

/** SHA-256 hex of a string. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Where the answer to one Idempotency-Key is kept. */
export function idempotencyEntryKey(userId: number, scope: string, key: string): string {
  return redisKey('idem', userId, scope, sha256Hex(key).slice(0, 32));
}

/**
 * Run `work` once per (user, scope, key). `fingerprint` identifies the
 * request body; the result says whether it was replayed.
 */
export async function runIdempotent(
  redis: Redis,
  opts: { userId: number; scope: string; key: string | null; fingerprint: string },
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  if (!opts.key) return { ...(await work()), replayed: false };
  const k = idempotencyEntryKey(opts.userId, opts.scope, opts.key);
  const pending: Entry = { state: 'pending', fingerprint: opts.fingerprint };
  const claimed = await redis.set(k, JSON.stringify(pending), { NX: true, PX: PENDING_MS });
  if (claimed !== 'OK') {
    const raw = await redis.get(k);
    const prior = raw ? (JSON.parse(raw) as Entry) : null;
    if (!prior) return runIdempotent(redis, opts, work);
    if (prior.fingerprint !== opts.fingerprint) {
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body; use a new key for a new request.',
      );
    }
    if (prior.state === 'pending' || !prior.answer) {
      throw new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry in a moment.', {
        headers: { 'retry-after': '1' },
      });
    }
    return { ...prior.answer, replayed: true };
  }
  try {
    const answer = await work();
    const done: Entry = { state: 'done', fingerprint: opts.fingerprint, answer };
    await redis.set(k, JSON.stringify(done), { EX: KEEP_S });
    return { ...answer, replayed: false };
  } catch (err) {
    // A request that failed did nothing; the client may retry with the same key.
    await redis.del(k).catch(() => undefined);
    throw err;
  }
}
