import {
  normalizePassword,
  passwordLengthProblem,
} from '../../shared/auth/password-rules';
import commonPasswordsText from './wordlists/common-passwords.txt?raw';

/**
 * Whether a new password may be used: the length window after NFKC, and not
 * one of the 10,000 most common passwords (shipped in `wordlists/`, see its
 * SOURCE.md). No composition rules, as NIST SP 800-63B advises.
 */

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(commonPasswordsText.split('\n').filter(Boolean));
  return common;
}

/** Whether a normalised password is on the common list (case-insensitively). */
export function isCommonPassword(normalized: string): boolean {
  return commonPasswords().has(normalized.toLowerCase());
}

/** How many passwords the common list holds. */
export function commonPasswordCount(): number {
  return commonPasswords().size;
}

/**
 * The problem with a proposed new password, or null when it is acceptable.
 * `email` lets the rule refuse the account's own address as its password.
 */
export function newPasswordProblem(password: string, opts: { email?: string } = {}): string | null {
  const normalized = normalizePassword(password);
  const length = passwordLengthProblem(normalized);
  if (length) return length;
  if (isCommonPassword(normalized)) {
    return 'This is one of the 10,000 most common passwords, which attackers try first. Choose another.';
  }
  const email = opts.email?.trim().toLowerCase();
  if (email && (normalized.toLowerCase() === email || normalized.toLowerCase() === email.split('@')[0])) {
    return 'Do not use your email address as your password.';
  }
  return null;
}
