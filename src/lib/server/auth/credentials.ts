import { normalizePassword, passwordLength, PASSWORD_MAX_LENGTH } from '../../shared/auth/password-rules';
import { authEvent } from './events';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { findUserByEmail, replacePasswordHash, type User } from './users';

/**
 * Checking an email and password. Unknown emails are verified against a dummy
 * hash, so both failures cost one Argon2 verification and look alike; a
 * correct password stored with weaker parameters is rehashed on the spot.
 */

/** Whether a string is plausibly an email address (the mail server has the final word). */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]+$/.test(email) && !/[\u0000-\u001f\u007f]/.test(email);
}

/** The user whose email and password these are, or null (same cost either way). */
export async function verifyCredentials(email: string, password: string): Promise<User | null> {
  const normalized = normalizePassword(password);
  // Passwords longer than any we accept cannot match; still spend the same work.
  const tooLong = passwordLength(normalized) > PASSWORD_MAX_LENGTH;
  const user = isPlausibleEmail(email.trim()) ? await findUserByEmail(email) : null;
  const stored = user?.passwordHash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(stored, tooLong ? '' : normalized)) && !tooLong && user !== null;
  if (!ok || !user) return null;
  if (needsRehash(user.passwordHash)) {
    await replacePasswordHash(user.id, await hashPassword(normalized));
    authEvent('password.rehashed', { user_id: user.id });
  }
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}

/** Whether `password` is the current password of a user (for changes and 2FA removal). */
export async function checkUserPassword(passwordHash: string, password: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  if (passwordLength(normalized) > PASSWORD_MAX_LENGTH) return false;
  return verifyPassword(passwordHash, normalized);
}
