import { describe, expect, it } from 'vitest';
import { normalizePassword, passwordLength, passwordLengthProblem } from '../../src/lib/shared/auth/password-rules';
import { commonPasswordCount, isCommonPassword, newPasswordProblem } from '../../src/lib/server/auth/password-policy';

/** Property 8 as pure rules: NFKC, length in code points, the shipped common list. */
describe('password rules', () => {
  it('normalises with NFKC', () => {
    expect(normalizePassword('ｐａｓｓ１')).toBe('pass1');
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9');
    expect(normalizePassword('ﬁne')).toBe('fine');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(passwordLength('🦊🐙')).toBe(2);
    expect(passwordLengthProblem('🦊🐙🦉🐝')).toMatch(/at least 8/);
    expect(passwordLengthProblem('12345678')).toBeNull();
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
    expect(newPasswordProblem('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz')).toBeNull();
    expect(newPasswordProblem('Someone@Example.test', { email: 'someone@example.test' })).toMatch(/email/);
    expect(newPasswordProblem('someonelong', { email: 'someonelong@example.test' })).toMatch(/email/);
  });
});
