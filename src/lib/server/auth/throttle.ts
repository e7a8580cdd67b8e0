import { createHash } from 'node:crypto';
import { getConfig } from '../config';
import { dialectName, getKysely } from '../db/database';
import { changed, lockKey, prepareQuery, writeTransaction, type Executor, type PreparedQuery } from '../db/query';

/**
 * Token-bucket throttles for sign-in, sign-up, reset requests, password
 * checks and the second factor, kept in the database so every web process
 * sharing it shares the buckets. Each check-and-take is one write transaction
 * whose writes only land on buckets still as they were read (see swapBucket).
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

/**
 * The outcome of taking from one or more buckets. A successful take also says
 * what it left in each bucket (`left`, by bucket key), so that refunding it
 * soon after needs no read when nobody has touched the buckets since.
 */
export type ThrottleResult =
  | { ok: true; remaining: number; refillSeconds: number; left?: ReadonlyMap<string, BucketRow> }
  | { ok: false; retryAfterSeconds: number; bucket: string };

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

/** A bucket one decision names: its key (a hash of policy and subject) and its policy. */
interface KeyedBucket {
  key: string;
  policy: BucketPolicy;
}

/** A bucket read for one decision: its stored row too (undefined: full, no row yet). */
interface ReadBucket extends KeyedBucket {
  row: BucketRow | undefined;
}

// Every login, sign-up and second-factor check reads and writes its buckets (twice on a
// successful login: take, then refund): the statements are compiled once, not per call.
const selectByCount = new Map<number, PreparedQuery<string[], BucketRow & { bucket: string }>>();

/** The prepared SELECT of `n` buckets by key (callers name one to three). */
function selectBuckets(n: number): PreparedQuery<string[], BucketRow & { bucket: string }> {
  let q = selectByCount.get(n);
  if (!q) {
    q = prepareQuery(n, (db, ...keys: string[]) =>
      db.selectFrom('auth_throttle').select(['bucket', 'tokens', 'updated_at']).where('bucket', 'in', keys),
    );
    selectByCount.set(n, q);
  }
  return q;
}

const insertBucket = prepareQuery(4, (db, bucket: string, tokens: number, updatedAt: number, fullAt: number) =>
  db
    .insertInto('auth_throttle')
    .values({ bucket, tokens, updated_at: updatedAt, full_at: fullAt })
    .onConflict((oc) => oc.column('bucket').doNothing()),
);

const updateBucket = prepareQuery(
  6,
  (db, tokens: number, updatedAt: number, fullAt: number, bucket: string, wasTokens: number, wasUpdatedAt: number) =>
    db
      .updateTable('auth_throttle')
      .set({ tokens, updated_at: updatedAt, full_at: fullAt })
      .where('bucket', '=', bucket)
      .where('tokens', '=', wasTokens)
      .where('updated_at', '=', wasUpdatedAt),
);

/**
 * The buckets `checks` name, hashed once per decision (not per retry), in key
 * order: every writer locks and writes them in that order, so two transactions
 * touching the same buckets never wait on each other crosswise.
 */
function keyedBuckets(checks: readonly [BucketPolicy, string][]): KeyedBucket[] {
  let keyed = keyedFor.get(checks);
  if (!keyed) {
    keyed = checks.map(([policy, subject]) => ({ key: bucketKey(policy, subject), policy })).sort((a, b) => (a.key < b.key ? -1 : 1));
    keyedFor.set(checks, keyed);
  }
  return keyed;
}

// A sign-in takes and then refunds the same checks (one array): its buckets are hashed once, not twice.
const keyedFor = new WeakMap<readonly [BucketPolicy, string][], KeyedBucket[]>();

async function readBuckets(db: Executor, keyed: readonly KeyedBucket[]): Promise<ReadBucket[]> {
  if (!keyed.length) return [];
  const rows = await selectBuckets(keyed.length).all(
    keyed.map((k) => k.key),
    db,
  );
  return withRows(keyed, new Map(rows.map((r) => [r.bucket, r])));
}

function withRows(keyed: readonly KeyedBucket[], rows: ReadonlyMap<string, BucketRow>): ReadBucket[] {
  return keyed.map((k) => ({ ...k, row: rows.get(k.key) }));
}

/** The buckets as a take left them (`left`), without a read; null when it does not cover them all. */
function bucketsAsLeft(keyed: readonly KeyedBucket[], left: ReadonlyMap<string, BucketRow>): ReadBucket[] | null {
  return keyed.every((k) => left.has(k.key)) ? withRows(keyed, left) : null;
}

/**
 * Store a bucket's new state only if it still holds what was read: a
 * conditional write whose row count decides (the one atomic check both
 * backends share). On SQLite the IMMEDIATE transaction already excludes other
 * writers; on Postgres a concurrent take makes this return false.
 */
async function swapBucket(db: Executor, b: ReadBucket, tokens: number, now: number, full: number): Promise<boolean> {
  if (!b.row) return changed(await insertBucket.result([b.key, tokens, now, full], db)) === 1;
  return changed(await updateBucket.result([tokens, now, full, b.key, b.row.tokens, b.row.updated_at], db)) === 1;
}

/** Another process changed a bucket between our read and our write: start the decision again. */
class BucketMoved extends Error {}

const MAX_ATTEMPTS = 20;

/**
 * Take one token from every named bucket. When any bucket is empty, nothing is
 * taken and the answer says how long until that bucket has a token again.
 * Otherwise `remaining` is how many more attempts the emptiest bucket allows
 * right now, and `refillSeconds` how long that bucket takes to grow one token
 * (so a form can warn before the next attempt is refused). All buckets change
 * in one write transaction, each only if it still holds what was read, so two
 * processes cannot both spend the last token.
 */
export async function takeTokens(checks: readonly [BucketPolicy, string][], now = Date.now()): Promise<ThrottleResult> {
  const keyed = keyedBuckets(checks);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await writeTransaction((trx) => takeIn(trx, keyed, now));
      if (++callsSinceSweep >= 200) {
        callsSinceSweep = 0;
        await sweepFullBuckets(now);
      }
      return result;
    } catch (err) {
      if (!(err instanceof BucketMoved) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/**
 * On Postgres, transactions that change the same buckets take turns (advisory
 * locks, in key order so two never wait on each other crosswise). The
 * conditional writes alone are safe but optimistic: a burst of parallel
 * attempts on one bucket (thirty sign-ins from one address at once) made the
 * last of them lose MAX_ATTEMPTS races and answer 500. SQLite's
 * BEGIN IMMEDIATE already lets one writer in at a time.
 */
async function lockBuckets(trx: Executor, keyed: readonly KeyedBucket[]): Promise<void> {
  if (dialectName() !== 'postgres') return;
  for (const { key } of keyed) await lockKey(trx, `throttle:${key}`);
}

async function takeIn(trx: Executor, keyed: readonly KeyedBucket[], now: number): Promise<ThrottleResult> {
  await lockBuckets(trx, keyed);
  const states = (await readBuckets(trx, keyed)).map((b) => ({ ...b, ...bucketNow(b.policy, b.row, now) }));
  const empty = states.find((s) => s.tokens < 1);
  if (empty) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - empty.tokens) / empty.perMs / 1000)), bucket: empty.key.split(':')[0]! };
  }
  let remaining = Infinity;
  let refillSeconds = 0;
  const leftBehind = new Map<string, BucketRow>();
  for (const s of states) {
    const left = s.tokens - 1;
    // Throwing rolls back the buckets already written in this transaction.
    if (!(await swapBucket(trx, s, left, now, fullAt(s, left, now)))) throw new BucketMoved();
    leftBehind.set(s.key, { tokens: left, updated_at: now });
    if (Math.floor(left) < remaining) {
      remaining = Math.floor(left);
      refillSeconds = Math.max(1, Math.ceil((1 - (left - Math.floor(left))) / s.perMs / 1000));
    }
  }
  return { ok: true, remaining, refillSeconds, left: leftBehind };
}

/**
 * Give back the token `takeTokens` took from each bucket, for an attempt that
 * turned out to be legitimate (a correct password or second-factor code): the
 * buckets exist to slow down guessing, so right answers should not use them
 * up. Taking first and refunding after (rather than charging only failures)
 * keeps parallel guesses from all slipping past an almost empty bucket.
 * `db`: the transaction of the sign-in it belongs to; without it, its own.
 * `taken`: that take's result; its first attempt then writes over what the
 * take left (still conditional: a bucket changed since is read and retried)
 * instead of reading the buckets first.
 */
export async function refundTokens(
  checks: readonly [BucketPolicy, string][],
  now = Date.now(),
  db?: Executor,
  taken?: ThrottleResult,
): Promise<void> {
  if (!db) return writeTransaction((trx) => refundTokens(checks, now, trx, taken));
  let todo = keyedBuckets(checks);
  await lockBuckets(db, todo);
  let known = taken?.ok && taken.left ? bucketsAsLeft(todo, taken.left) : null;
  for (let attempt = 1; ; attempt++) {
    // Each bucket on its own: a refund has no all-or-nothing rule. On Postgres
    // (READ COMMITTED) a re-read inside the same transaction sees the other write.
    const moved = new Set<string>();
    const buckets = known ?? (await readBuckets(db, todo));
    known = null;
    for (const b of buckets) {
      // A missing bucket is a full one: nothing to give back.
      if (!b.row) continue;
      const state = bucketNow(b.policy, b.row, now);
      const tokens = Math.min(state.capacity, state.tokens + 1);
      if (!(await swapBucket(db, b, tokens, now, fullAt(state, tokens, now)))) moved.add(b.key);
    }
    if (!moved.size) return;
    if (attempt >= MAX_ATTEMPTS) throw new BucketMoved('throttle buckets kept changing during a refund');
    todo = todo.filter((k) => moved.has(k.key));
  }
}

/** Forget buckets that have refilled completely (they behave exactly like missing ones). */
export async function sweepFullBuckets(now = Date.now()): Promise<number> {
  return changed(await getKysely().deleteFrom('auth_throttle').where('full_at', '<=', now).executeTakeFirst());
}
