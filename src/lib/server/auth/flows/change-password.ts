import { normalizePassword } from '../../../shared/auth/password-rules';
import { getConfig } from '../../config';
import { writeTransaction } from '../../db/query';
import { sendMailInBackground } from '../../mail/mailer';
import { passwordChangedMail } from '../../mail/templates';
import { revokeAllPersonalTokens } from '../api-tokens';
import { checkUserPassword } from '../credentials';
import { authEvent } from '../events';
import { hashPassword } from '../password';
import { newPasswordProblem } from '../password-policy';
import { announceCredentialsEnded } from '../revocation';
import { invalidateUserSessions, type Session } from '../sessions';
import { takeTokens, THROTTLES } from '../throttle';
import { getPasswordHash, setPasswordHash, type User } from '../users';
import { correctMarkedFields, field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';
import { issueSession } from './sign-in';

/**
 * Change password: the current password is required (throttled per account,
 * as it is a password check), every session of the user ends, and this
 * browser gets a fresh session so the person changing it stays signed in.
 * Personal API tokens keep working unless the form asks (`revoke_tokens=on`)
 * to revoke them in the same transaction: a script on a server should not
 * break because its owner rotated a password, but a person who fears a
 * leak can end everything in one step.
 */
export async function changePassword(form: Map<string, string>, meta: RequestMeta, who: { user: User; session: Session }): Promise<FlowResult> {
  const limit = await takeTokens([[THROTTLES.passwordCheckAccount, `user:${who.user.id}`]], meta.now);
  if (!limit.ok) {
    authEvent('throttled', { flow: 'change-password', bucket: limit.bucket, user_id: who.user.id });
    return throttled(limit);
  }
  const currentPassword = field(form, 'current_password');
  const newPassword = field(form, 'new_password');
  const fields: Record<string, string> = {};
  if (!currentPassword) fields.current_password = 'Enter your current password.';
  if (!newPassword) fields.new_password = 'Choose a new password.';
  else {
    const problem = newPasswordProblem(newPassword, { email: who.user.email });
    if (problem) fields.new_password = problem;
  }
  if (Object.keys(fields).length) return invalid(correctMarkedFields(fields), fields);

  const stored = await getPasswordHash(who.user.id);
  if (!stored || !(await checkUserPassword(stored, currentPassword))) {
    authEvent('login.failure', { user_id: who.user.id, flow: 'change-password', ip: meta.ip });
    return invalid('Your current password is not correct.', { current_password: 'This is not your current password.' });
  }
  if (normalizePassword(newPassword) === normalizePassword(currentPassword)) {
    return invalid('Please correct the marked field.', { new_password: 'The new password must differ from the current one.' });
  }
  const hash = await hashPassword(normalizePassword(newPassword));
  const revokeTokens = field(form, 'revoke_tokens') === 'on';
  const { ended, revoked } = await writeTransaction(async (trx) => {
    await setPasswordHash(who.user.id, hash, meta.now, trx);
    return {
      ended: await invalidateUserSessions(who.user.id, undefined, trx),
      revoked: revokeTokens ? await revokeAllPersonalTokens(who.user.id, meta.now, trx) : null,
    };
  });
  // Announced once committed, so other processes re-check a database that already says so.
  if (ended > 0 || (revoked ?? 0) > 0) announceCredentialsEnded(who.user.id);
  authEvent('password.changed', { user_id: who.user.id, sessions_ended: ended, tokens_revoked: revoked ?? 0, ip: meta.ip });
  const origin = getConfig().publicOrigin;
  sendMailInBackground(passwordChangedMail(who.user.email, `${origin}/forgot-password`, new Date(meta.now)));
  // The old session is already gone, so issueSession only issues the new one.
  return redirectTo(`/account/password/changed${revoked === null ? '' : `?tokens_revoked=${revoked}`}`, await issueSession(who.user, meta));
}
