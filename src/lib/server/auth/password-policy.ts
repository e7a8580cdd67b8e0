import { normalizePassword, PASSWORD_MAX_LENGTH, passwordLength, passwordLengthProblem } from '../../shared/auth/password-rules';
import commonPasswordsText from './wordlists/common-passwords.txt?raw';

/**
 * Whether a new password may be used: not on the blocklist and within the
 * length window after NFKC. The blocklist is what NIST SP 800-63B-4 asks for,
 * checked locally with no network call: the 10,000 most common passwords from
 * leaked-password corpora (shipped in `wordlists/`, see its SOURCE.md), those
 * same passwords repeated or padded with digits and symbols (how people stretch
 * a short password to a length rule), runs of one repeated piece or of
 * sequential characters, and the account's own email. No composition rules.
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
 * A common password stretched to a length rule: padded with digits, spaces or
 * symbols ("password1234567!"), or repeated ("iloveyouiloveyou").
 */
export function isStretchedCommonPassword(normalized: string): boolean {
  const lower = normalized.toLowerCase();
  const core = stripPadding(lower);
  for (const candidate of new Set([lower, core])) {
    if (!candidate) continue;
    if (candidate !== lower && isCommonPassword(candidate)) return true;
    const unit = repeatedUnit(candidate);
    if (unit !== null && (isCommonPassword(unit) || isCommonPassword(stripPadding(unit)))) return true;
  }
  return false;
}

/** Without leading and trailing digits, punctuation, symbols and spaces. */
function stripPadding(s: string): string {
  return s.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');
}

/** The shortest piece that, repeated two or more times, makes up the whole string; null when there is none. */
function repeatedUnit(s: string): string | null {
  const chars = [...s];
  for (let len = 1; len <= chars.length / 2; len++) {
    if (chars.length % len) continue;
    const unit = chars.slice(0, len).join('');
    if (unit.repeat(chars.length / len) === s) return unit;
  }
  return null;
}

/** A run anyone guesses early: one piece of at most 4 characters repeated ("abababab..."), or sequential characters ("abcdefgh...", "1234567890123..."). */
export function isTrivialRun(normalized: string): boolean {
  const unit = repeatedUnit(normalized.toLowerCase());
  if (unit !== null && [...unit].length <= 4) return true;
  const codes = [...normalized.toLowerCase()].map((c) => c.codePointAt(0)!);
  const digit = (c: number) => c >= 48 && c <= 57;
  const step = (a: number, b: number) => (digit(a) && digit(b) ? (((b - a) % 10) + 10) % 10 : b - a);
  const first = codes.length > 1 ? step(codes[0]!, codes[1]!) : 0;
  const sequential = (d: number) => d === 1 || d === -1 || (d === 9 && digit(codes[0]!));
  return codes.length > 2 && sequential(first) && codes.every((c, i) => i === 0 || step(codes[i - 1]!, c) === first);
}

/**
 * The problem with a proposed new password, or null when it is acceptable.
 * `email` lets the rule refuse the account's own address as its password.
 * Blocklist answers come before "too short", which would only invite the
 * same password padded out; "too long" comes first, to bound the work.
 */
export function newPasswordProblem(password: string, opts: { email?: string } = {}): string | null {
  const normalized = normalizePassword(password);
  const length = passwordLengthProblem(normalized);
  if (length && passwordLength(normalized) > PASSWORD_MAX_LENGTH) return length;
  if (isCommonPassword(normalized)) {
    return 'This is one of the 10,000 most common passwords, which attackers try first. Choose another.';
  }
  if (isStretchedCommonPassword(normalized)) {
    return 'This is a common password repeated or padded with digits or symbols, which attackers try early. Choose another.';
  }
  if (isTrivialRun(normalized)) return 'Repeated or sequential characters are guessed early. Choose another.';
  if (length) return length;
  const email = opts.email?.trim().toLowerCase();
  if (email && (normalized.toLowerCase() === email || normalized.toLowerCase() === email.split('@')[0])) {
    return 'Do not use your email address as your password.';
  }
  return null;
}
