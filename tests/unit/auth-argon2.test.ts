import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../src/lib/server/auth/password';

/** Password hashing in isolation: Argon2id parameters, off-event-loop hashing, the rehash rule, the dummy hash. */
describe('Argon2id password hashing', () => {
  it('uses Argon2id with m >= 19456 KiB, t >= 2, p = 1', async () => {
    expect(ARGON2_PARAMS.algorithm).toBe(2);
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
    expect(ARGON2_PARAMS.parallelism).toBe(1);
    const h = await hashPassword('a test password');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'a test password')).toBe(true);
    expect(await verifyPassword(h, 'a test passwore')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('hashes and verifies off the event loop: other callbacks run while Argon2 works', async () => {
    // If hashing ran on the main thread, the Promise would settle before any
    // setImmediate callback scheduled after the call could run.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let immediateRan = false;
    const work = hashPassword('event loop check');
    setImmediate(() => {
      immediateRan = true;
    });
    const h = await work;
    const ticksDuringHash = ticks;
    const verify = verifyPassword(h, 'event loop check');
    let immediateDuringVerify = false;
    setImmediate(() => {
      immediateDuringVerify = true;
    });
    expect(await verify).toBe(true);
    clearInterval(timer);
    expect(immediateRan).toBe(true);
    expect(immediateDuringVerify).toBe(true);
    expect(ticksDuringHash).toBeGreaterThan(0);
  });

  it('asks for a rehash when the stored hash is weaker or not Argon2id', () => {
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$2b$12$abcdefghijklmnopqrstuu')).toBe(true);
  });

  it('keeps one dummy hash with the current parameters for unknown users', async () => {
    const d = await dummyPasswordHash();
    expect(d).toBe(await dummyPasswordHash());
    expect(needsRehash(d)).toBe(false);
  });
});
