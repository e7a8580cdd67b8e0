import { createHash } from 'node:crypto';
import { getConfig } from '../config';
import { getDb } from '../db/connection';
import { cachedStatement } from '../db/statements';

/**
 * Token-bucket throttles for sign-in, sign-up, reset requests, password
 * checks and the second factor, kept in SQLite so every web process sharing
 * the database shares the buckets. Each check-and-take runs in an IMMEDIATE
 * transaction, so two processes cannot both spend the last token.
 */

/** One kind of bucket: how many attempts at once, and how fast they come back. */
export interface BucketPolicy {
  name: string;
  capacity: number;
  refillPerHour: number;
  /** Per-IP buckets scale with THROTTLE_IP_FACTOR (many users behind one address). */
  perIp: boolean;
}

function policy(name: string, capacity: number, refillPerHour: number, perIp: boolean): BucketPolicy {
  return { name, capacity, refillPerHour, perIp };
}

/** Every bucket the auth flows use. Numbers are in docs/auth.md. */
export const THROTTLES = {
  loginIp: policy('login-ip', 30, 120, true),
  loginAccount: policy('login-acct', 10, 20, false),
  /** Replaces login-acct for a browser that signed in to the account before (login-devices.ts). */
  loginDevice: policy('login-device', 10, 20, false),
  signupIp: policy('signup-ip', 10, 20, true),
  signupAccount: policy('signup-acct', 3, 3, false),
  resetIp: policy('reset-ip', 10, 20, true),
  resetAccount: policy('reset-acct', 3, 3, false),
  twoFactorIp: policy('2fa-ip', 20, 60, true),
  twoFactorAccount: policy('2fa-acct', 5, 12, false),
  passwordCheckAccount: policy('pwcheck-acct', 10, 20, false),
} as const satisfies Record<string, BucketPolicy>;

/** The outcome of taking from one or more buckets. */
export type ThrottleResult = { ok: true; remaining: number; refillSeconds: number } | { ok: false; retryAfterSeconds: number; bucket: string };

interface BucketRow {
  tokens: number;
  updated_at: number;
}

let callsSinceSweep = 0;

function effective(p: BucketPolicy): { capacity: number; perMs: number } {
  const factor = p.perIp ? getConfig().throttleIpFactor : 1;
  return { capacity: p.capacity * factor, perMs: (p.refillPerHour * factor) / 3_600_000 };
}

/** A bucket as it stands at `now`: its stored tokens plus what has refilled since (a missing row is full). */
function bucketNow(p: BucketPolicy, row: BucketRow | undefined, now: number): { capacity: number; perMs: number; tokens: number } {
  const { capacity, perMs } = effective(p);
  return { capacity, perMs, tokens: row ? Math.min(capacity, row.tokens + Math.max(0, now - row.updated_at) * perMs) : capacity };
}

/** When a bucket holding `tokens` at `now` is full again (the sweep forgets it then). */
function fullAt(b: { capacity: number; perMs: number }, tokens: number, now: number): number {
  return now + Math.ceil((b.capacity - tokens) / b.perMs);
}

/** Bucket keys never hold an address or email in clear: a short hash is enough to tell them apart. */
function bucketKey(p: BucketPolicy, subject: string): string {
  return `${p.name}:${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 32)}`;
}

// Prepared once per connection (db/statements.ts), not on every sign-in attempt.
const SELECT_BUCKET = 'SELECT tokens, updated_at FROM auth_throttle WHERE bucket = ?';
const UPSERT_BUCKET = `INSERT INTO auth_throttle (bucket, tokens, updated_at, full_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (bucket) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at, full_at = excluded.full_at`;
const UPDATE_BUCKET = 'UPDATE auth_throttle SET tokens = ?, updated_at = ?, full_at = ? WHERE bucket = ?';

/**
 * Take one token from every named bucket. When any bucket is empty, nothing is
 * taken and the answer says how long until that bucket has a token again.
 * Otherwise `remaining` is how many more attempts the emptiest bucket allows
 * right now, and `refillSeconds` how long that bucket takes to grow one token
 * (so a form can warn before the next attempt is refused).
 */
export function takeTokens(checks: readonly [BucketPolicy, string][], now = Date.now()): ThrottleResult {
  const db = getDb();
  const select = cachedStatement(SELECT_BUCKET);
  const upsert = cachedStatement(UPSERT_BUCKET);
  const result = db
    .transaction((): ThrottleResult => {
      const states = checks.map(([p, subject]) => {
        const key = bucketKey(p, subject);
        return { key, ...bucketNow(p, select.get(key) as BucketRow | undefined, now) };
      });
      const empty = states.find((s) => s.tokens < 1);
      if (empty) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - empty.tokens) / empty.perMs / 1000)), bucket: empty.key.split(':')[0]! };
      }
      let remaining = Infinity;
      let refillSeconds = 0;
      for (const s of states) {
        const left = s.tokens - 1;
        upsert.run(s.key, left, now, fullAt(s, left, now));
        if (Math.floor(left) < remaining) {
          remaining = Math.floor(left);
          refillSeconds = Math.max(1, Math.ceil((1 - (left - Math.floor(left))) / s.perMs / 1000));
        }
      }
      return { ok: true, remaining, refillSeconds };
    })
    .immediate();
  if (++callsSinceSweep >= 200) {
    callsSinceSweep = 0;
    sweepFullBuckets(now);
  }
  return result;
}

/**
 * Give back the token `takeTokens` took from each bucket, for an attempt that
 * turned out to be legitimate (a correct second-factor code): the buckets
 * exist to slow down guessing, so right answers should not use them up. Taking
 * first and refunding after (rather than charging only failures) keeps
 * parallel guesses from all slipping past an almost empty bucket.
 */
export function refundTokens(checks: readonly [BucketPolicy, string][], now = Date.now()): void {
  const db = getDb();
  const select = cachedStatement(SELECT_BUCKET);
  const update = cachedStatement(UPDATE_BUCKET);
  db.transaction(() => {
    for (const [p, subject] of checks) {
      const key = bucketKey(p, subject);
      const row = select.get(key) as BucketRow | undefined;
      // A missing bucket is a full one: nothing to give back.
      if (!row) continue;
      const b = bucketNow(p, row, now);
      const tokens = Math.min(b.capacity, b.tokens + 1);
      update.run(tokens, now, fullAt(b, tokens, now), key);
    }
  }).immediate();
}

/** Forget buckets that have refilled completely (they behave exactly like missing ones). */
export function sweepFullBuckets(now = Date.now()): number {
  return getDb().prepare('DELETE FROM auth_throttle WHERE full_at <= ?').run(now).changes;
}
