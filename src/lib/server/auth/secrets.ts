import { createHash } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * Random ids and secrets for sessions, API tokens and reset links, as
 * lucia-auth.com describes: an id to look the row up and a separate secret
 * whose hash is compared in constant time, so lookups leak no timing about
 * the secret.
 */

const SECRET_BYTES = 15;
// Secrets are cut from one CSPRNG draw per SECRETS_PER_DRAW, as Node caches random bytes for randomUUID:
// a getRandomValues call costs about 10 µs here, and a sign-in makes four secrets (session and device).
// Each slice is zeroed as it is taken, so the pool never holds a secret that was handed out.
const SECRETS_PER_DRAW = 64;
const pool = new Uint8Array(SECRET_BYTES * SECRETS_PER_DRAW);
let poolAt = pool.length;

/** 120 bits from the CSPRNG as 24 lower-case base32 characters. */
export function randomSecret(): string {
  if (poolAt >= pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const bytes = pool.slice(poolAt, poolAt + SECRET_BYTES);
  pool.fill(0, poolAt, poolAt + SECRET_BYTES);
  poolAt += SECRET_BYTES;
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of a secret, as stored in the database (node:crypto: every signed-in request checks one). */
export function hashSecret(secret: string): Uint8Array {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compare a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), new Uint8Array(storedHash));
}

/** A token as handed to a client: `<prefix><id>.<secret>`; 240 bits in all. */
export interface IssuedToken {
  id: string;
  secret: string;
  token: string;
  secretHash: Uint8Array;
}

/** Make a fresh id and secret and the token string that carries both. */
export function issueToken(prefix = ''): IssuedToken {
  const id = randomSecret();
  const secret = randomSecret();
  return { id, secret, token: `${prefix}${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Split a presented token into id and secret, or null when it is not of our form. */
export function parseToken(token: string, prefix = ''): { id: string; secret: string } | null {
  if (!token.startsWith(prefix) || token.length > prefix.length + 49) return null;
  const [id, secret, ...rest] = token.slice(prefix.length).split('.');
  if (rest.length || !id || !secret || !/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
  return { id, secret };
}
