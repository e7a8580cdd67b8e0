import type { Principal } from './principal';

/**
 * Whether a principal counts as logged in. A browser session of a user with
 * two-factor enabled counts only after the second step; tokens are only ever
 * issued to fully signed-in users, so they always count.
 */
export function hasPrincipalPassedSecondFactor(principal: Principal): boolean {
  if (principal.kind === 'token') return true;
  return principal.session.twoFactorVerified || !principal.user.twoFactorEnabled;
}
