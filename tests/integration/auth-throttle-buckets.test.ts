import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDataDir } from '../helpers/accounts';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { resetConfigForTests } from '../../src/lib/server/config';
import { sweepFullBuckets, takeTokens, type BucketPolicy } from '../../src/lib/server/auth/throttle';

/** The token-bucket arithmetic on a real SQLite file: capacity, refill, Retry-After, all-or-nothing, sweeping, THROTTLE_IP_FACTOR. */

let dir: string;
const policy: BucketPolicy = { name: 'test', capacity: 3, refillPerHour: 60, perIp: false };
const ipPolicy: BucketPolicy = { name: 'test-ip', capacity: 2, refillPerHour: 60, perIp: true };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-throttle-'));
  useDataDir(dir, { THROTTLE_IP_FACTOR: '1' });
});
afterAll(() => {
  closeDb();
  delete process.env.THROTTLE_IP_FACTOR;
  resetConfigForTests();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('token buckets', () => {
  it('allows `capacity` at once, then answers with the wait for one token', () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(takeTokens([[policy, 'a']], t0).ok).toBe(true);
    const r = takeTokens([[policy, 'a']], t0);
    expect(r).toEqual({ ok: false, retryAfterSeconds: 60, bucket: 'test' });
    expect(takeTokens([[policy, 'a']], t0 + 30_000)).toMatchObject({ ok: false, retryAfterSeconds: 30 });
    expect(takeTokens([[policy, 'a']], t0 + 60_000).ok).toBe(true);
    expect(takeTokens([[policy, 'b']], t0).ok).toBe(true);
  });

  it('takes from every bucket or from none', () => {
    const t0 = 5_000_000;
    for (let i = 0; i < 3; i++) expect(takeTokens([[policy, 'full']], t0).ok).toBe(true);
    expect(
      takeTokens(
        [
          [policy, 'spare'],
          [policy, 'full'],
        ],
        t0,
      ).ok,
    ).toBe(false);
    // 'spare' kept all its tokens.
    for (let i = 0; i < 3; i++) expect(takeTokens([[policy, 'spare']], t0).ok).toBe(true);
    expect(takeTokens([[policy, 'spare']], t0).ok).toBe(false);
  });

  it('stores hashed subjects only and sweeps refilled buckets', () => {
    const t0 = 9_000_000;
    takeTokens([[policy, 'someone@example.test']], t0);
    const keys = getDb().prepare('SELECT bucket FROM auth_throttle').pluck().all() as string[];
    expect(keys.join(' ')).not.toContain('someone');
    expect(sweepFullBuckets(t0 + 3_600_000)).toBeGreaterThan(0);
    expect(getDb().prepare('SELECT COUNT(*) FROM auth_throttle').pluck().get()).toBe(0);
  });

  it('scales per-IP buckets with THROTTLE_IP_FACTOR', () => {
    const t0 = 20_000_000;
    for (let i = 0; i < 2; i++) expect(takeTokens([[ipPolicy, '10.0.0.1']], t0).ok).toBe(true);
    expect(takeTokens([[ipPolicy, '10.0.0.1']], t0).ok).toBe(false);
    process.env.THROTTLE_IP_FACTOR = '3';
    resetConfigForTests();
    for (let i = 0; i < 6; i++) expect(takeTokens([[ipPolicy, '10.0.0.2']], t0).ok).toBe(true);
    expect(takeTokens([[ipPolicy, '10.0.0.2']], t0).ok).toBe(false);
  });
});
