import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * Random ids and secrets for sessions, API tokens and reset links, as
 * lucia-auth.com describes: an id to look the row up and a separate secret
 * whose hash is compared in constant time, so lookups leak no timing about
 * the secret.
 */

/** 120 bits from the CSPRNG as 24 lower-case base32 characters. */
export function randomSecret(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of a secret, as stored in the database. */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
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
