/**
 * The password rules NIST SP 800-63B-4 asks for, as pure functions both sides
 * can use: a length window counted in Unicode code points after NFKC
 * normalisation, no composition rules, never truncated. The blocklist is
 * checked on the server only (the common-password list is 77 kB).
 */

/**
 * Fewest characters a new password may have. SP 800-63B-4 (2025) requires 15
 * when the password is the only factor, and two-factor is optional here (and
 * can be turned off), so every password must stand alone. docs/auth.md says why.
 */
export const PASSWORD_MIN_LENGTH = 15;
/** Most characters a password may have (long enough for any passphrase, short enough to bound hashing work). */
export const PASSWORD_MAX_LENGTH = 256;

/** NFKC, so the same password typed on two keyboards (full-width digits, ligatures) hashes the same. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Length in code points, as people count characters (an emoji is one, not two). */
export function passwordLength(normalized: string): number {
  let n = 0;
  for (const _ of normalized) n++;
  return n;
}

/** The length problem of a normalised password, or null when it fits the window. */
export function passwordLengthProblem(normalized: string): string | null {
  const n = passwordLength(normalized);
  if (n < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${n}).`;
  if (n > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters (this one has ${n}).`;
  return null;
}
