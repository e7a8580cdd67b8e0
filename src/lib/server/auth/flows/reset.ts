import { normalizePassword } from '../../../shared/auth/password-rules';
import { getConfig } from '../../config';
import { writeTransaction } from '../../db/query';
import { sendMailInBackground } from '../../mail/mailer';
import { passwordChangedMail, passwordResetMail } from '../../mail/templates';
import { revokeAllPersonalTokens } from '../api-tokens';
import { clearResetCookieHeader, clearSessionCookieHeader, loginHintCookieHeader, readCookie, resetCookieHeader, resetCookieName } from '../cookies';
import { isPlausibleEmail } from '../credentials';
import { authEvent, emailTag } from '../events';
import { hashPassword } from '../password';
import { newPasswordProblem } from '../password-policy';
import { announceCredentialsEnded } from '../revocation';
import {
  createResetToken,
  deleteOtherResetTokens,
  findResetGrant,
  looksLikeResetToken,
  markResetUsed,
  RESET_TOKEN_TTL_MS,
  type ResetGrant,
} from '../reset-tokens';
import { invalidateUserSessions } from '../sessions';
import { takeTokens, THROTTLES } from '../throttle';
import { findUserByEmail, findUserById, normalizeEmail, setPasswordHash, type User } from '../users';
import { field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';

/**
 * Forgotten passwords: the request (same answer whether or not the account
 * exists), the emailed link (its token swapped at once for a short-lived
 * cookie) and the new password (ends every session, no automatic login).
 */

/** Handle /forgot-password: mail a link when the account exists, answer the same either way. */
export async function requestReset(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const email = field(form, 'email').trim();
  const limit = await takeTokens(
    [
      [THROTTLES.resetIp, meta.ip],
      [THROTTLES.resetAccount, normalizeEmail(email)],
    ],
    meta.now,
  );
  if (!limit.ok) {
    authEvent('throttled', { flow: 'reset', bucket: limit.bucket, ip: meta.ip });
    return throttled(limit);
  }
  if (!email) return invalid('Enter the email address of your account.', { email: 'Enter your email address.' });
  if (!isPlausibleEmail(email)) {
    return invalid('Please correct the marked field.', { email: 'Enter an email address like name@example.com.' });
  }
  const user = await findUserByEmail(email);
  if (user) {
    const { token } = await createResetToken(user.id, meta.now);
    const link = `${getConfig().publicOrigin}/reset-password?token=${encodeURIComponent(token)}`;
    sendMailInBackground(passwordResetMail(user.email, link, RESET_TOKEN_TTL_MS / 60_000));
    authEvent('reset.requested', { user_id: user.id, ip: meta.ip });
  } else {
    authEvent('reset.unknown_email', { email_tag: emailTag(email), ip: meta.ip });
  }
  return redirectTo('/forgot-password/sent');
}

/** The emailed link was opened: move its token into a cookie and send the browser to the clean URL. */
export async function openResetLink(token: string, meta: RequestMeta): Promise<FlowResult> {
  const grant = looksLikeResetToken(token) ? await findResetGrant(token, meta.now) : null;
  if (!grant) {
    authEvent('reset.invalid', { ip: meta.ip, stage: 'link' });
    return redirectTo('/reset-password', [clearResetCookieHeader()]);
  }
  const maxAge = (grant.expiresAt - meta.now) / 1000;
  return redirectTo('/reset-password', [resetCookieHeader(token, maxAge)]);
}

/** The grant and account behind this browser's reset cookie, or null. */
export async function currentResetGrant(meta: RequestMeta): Promise<{ grant: ResetGrant; user: User } | null> {
  const token = readCookie(meta.cookieHeader, resetCookieName());
  const grant = token ? await findResetGrant(token, meta.now) : null;
  const user = grant ? await findUserById(grant.userId) : null;
  return grant && user ? { grant, user } : null;
}

/** The message shown when the reset cookie is missing, used or expired. */
export const RESET_LINK_INVALID = 'This reset link is invalid, already used or expired. Ask for a new one.';

/** Handle the new-password form of /reset-password. */
export async function completeReset(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const current = await currentResetGrant(meta);
  if (!current) {
    authEvent('reset.invalid', { ip: meta.ip, stage: 'submit' });
    return invalid(RESET_LINK_INVALID);
  }
  const password = field(form, 'password');
  const problem = password ? newPasswordProblem(password, { email: current.user.email }) : 'Choose a new password.';
  if (problem) return invalid('Please correct the marked field.', { password: problem });
  const hash = await hashPassword(normalizePassword(password));
  // Personal API tokens survive a reset unless the form asks to revoke them too (see change-password.ts).
  const revokeTokens = field(form, 'revoke_tokens') === 'on';
  const done = await writeTransaction(async (trx) => {
    // Spent first: of two concurrent submissions of one link exactly one gets past this line.
    if (!(await markResetUsed(current.grant.id, meta.now, trx))) return null;
    await setPasswordHash(current.user.id, hash, meta.now, trx);
    await deleteOtherResetTokens(current.user.id, current.grant.id, trx);
    return {
      ended: await invalidateUserSessions(current.user.id, undefined, trx),
      revoked: revokeTokens ? await revokeAllPersonalTokens(current.user.id, meta.now, trx) : 0,
    };
  });
  if (done === null) return invalid(RESET_LINK_INVALID);
  if (done.ended > 0 || done.revoked > 0) announceCredentialsEnded(current.user.id);
  authEvent('reset.completed', { user_id: current.user.id, sessions_ended: done.ended, tokens_revoked: done.revoked, ip: meta.ip });
  const origin = getConfig().publicOrigin;
  sendMailInBackground(passwordChangedMail(current.user.email, `${origin}/forgot-password`, new Date(meta.now)));
  return redirectTo(`/login?reset=done&tokens=${revokeTokens ? 'revoked' : 'kept'}`, [
    clearResetCookieHeader(),
    clearSessionCookieHeader(),
    loginHintCookieHeader(current.user.email),
  ]);
}
