import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing with Argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
 * @node-rs/argon2 runs the work on libuv's thread pool, off the event loop.
 */

/** The parameters new hashes use; a stored hash with weaker ones is upgraded at login. */
// `algorithm: 2` is Argon2id; the package exports it as a const enum, which
// isolated-module builds cannot read, so the value is written out.
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hash a password (already normalised by the caller). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** Check a password against a stored hash; false for a malformed hash rather than throwing. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's and should be redone. */
export function needsRehash(storedHash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!m) return true;
  const [, mem, time, par] = m.map(Number) as [number, number, number, number];
  return mem < ARGON2_PARAMS.memoryCost || time < ARGON2_PARAMS.timeCost || par !== ARGON2_PARAMS.parallelism;
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password with today's parameters. Sign-in verifies
 * against it when the email is unknown, so an unknown email costs the same
 * Argon2 work as a wrong password and the answer time tells nothing.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hash(crypto.randomUUID(), ARGON2_PARAMS);
  return dummy;
}
