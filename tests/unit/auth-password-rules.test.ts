import { describe, expect, it } from 'vitest';
import { normalizePassword, passwordLength, passwordLengthProblem } from '../../src/lib/shared/auth/password-rules';
import {
  commonPasswordCount,
  isCommonPassword,
  isStretchedCommonPassword,
  isTrivialRun,
  newPasswordProblem,
} from '../../src/lib/server/auth/password-policy';

/** Password rules as pure functions: NFKC, length in code points (15 to 256, SP 800-63B-4), the shipped blocklist. */
describe('password rules', () => {
  it('normalises with NFKC', () => {
    expect(normalizePassword('ｐａｓｓ１')).toBe('pass1');
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9');
    expect(normalizePassword('ﬁne')).toBe('fine');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(passwordLength('🦊🐙')).toBe(2);
    expect(passwordLengthProblem('🦊🐙🦉🐝🦊🐙🦉🐝')).toMatch(/at least 15 characters \(this one has 8\)/);
    expect(passwordLengthProblem('x'.repeat(14))).toMatch(/at least 15/);
    expect(passwordLengthProblem('x'.repeat(15))).toBeNull();
    expect(passwordLengthProblem('x'.repeat(256))).toBeNull();
    expect(passwordLengthProblem('x'.repeat(257))).toMatch(/at most 256/);
  });

  it('ships exactly the 10,000 most common passwords and matches them case-insensitively after NFKC', () => {
    expect(commonPasswordCount()).toBe(10_000);
    for (const p of ['123456', 'password', 'qwerty', 'dragon', 'iloveyou']) expect(isCommonPassword(p)).toBe(true);
    expect(isCommonPassword('password'.toUpperCase().toLowerCase())).toBe(true);
    expect(newPasswordProblem('PassWord')).toMatch(/most common/);
    expect(newPasswordProblem('ｐａｓｓｗｏｒｄ')).toMatch(/most common/);
    expect(newPasswordProblem('violet lantern harbour')).toBeNull();
  });

  it('has no composition rules and refuses the account email as the password', () => {
    expect(newPasswordProblem('all lower case words')).toBeNull();
    expect(newPasswordProblem('Someone.Else@Example.test', { email: 'someone.else@example.test' })).toMatch(/email/);
    expect(newPasswordProblem('someone.with.a.long.name', { email: 'someone.with.a.long.name@example.test' })).toMatch(/email/);
  });

  it('refuses common passwords stretched to the length rule: padded or repeated', () => {
    for (const p of ['password1234567', 'Password123456!', '!!!iloveyou2024!!!', 'iloveyouiloveyou', 'dragon dragon dragon ', 'sunshinesunshine99']) {
      expect(isStretchedCommonPassword(normalizePassword(p)), p).toBe(true);
      expect(newPasswordProblem(p), p).toMatch(/padded|repeated/);
    }
    // A common word inside a longer passphrase is fine: the list catches whole passwords, not words.
    for (const p of ['dragon boat festival', 'password manager in use', 'violet lantern harbour'])
      expect(isStretchedCommonPassword(p), p).toBe(false);
  });

  it('refuses repeated and sequential runs, which no list needs to hold', () => {
    for (const p of [
      'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
      'abababababababab',
      'abcdefghijklmnop',
      'ponmlkjihgfedcba',
      '123456789012345678',
      '987654321098765',
      'abcabcabcabcabcabc',
    ]) {
      expect(isTrivialRun(p), p).toBe(true);
      expect(newPasswordProblem(p), p).toMatch(/Repeated or sequential/);
    }
    for (const p of ['river stone river stone', 'abcdefgh 12345678', '314159265358979323']) expect(isTrivialRun(p), p).toBe(false);
  });

  it('answers the blocklist before "too short", and "too long" before both', () => {
    expect(newPasswordProblem('password')).toMatch(/most common/);
    expect(newPasswordProblem('aaaa')).toMatch(/Repeated/);
    expect(newPasswordProblem('short one')).toMatch(/at least 15/);
    expect(newPasswordProblem('ab'.repeat(200))).toMatch(/at most 256/);
  });
});
