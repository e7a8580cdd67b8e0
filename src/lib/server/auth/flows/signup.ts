import { hasHiddenCharacters } from '../../../shared/auth/display-text';
import { normalizePassword } from '../../../shared/auth/password-rules';
import { getConfig } from '../../config';
import { sendMailInBackground } from '../../mail/mailer';
import { signupAttemptMail } from '../../mail/templates';
import { isPlausibleEmail } from '../credentials';
import { authEvent, emailTag } from '../events';
import { hashPassword } from '../password';
import { newPasswordProblem } from '../password-policy';
import { takeTokens, THROTTLES, type ThrottleResult } from '../throttle';
import { insertUser, normalizeEmail } from '../users';
import { correctMarkedFields, field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';
import { issueSession } from './sign-in';

/**
 * Sign-up. A taken email gets the very same answer as a free one (303 to
 * /welcome after one Argon2 hash), only without a session, and the owner of
 * the address is told by mail; so the form cannot be used to find accounts.
 */
export async function signUp(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  // Every attempt costs a per-address token; the per-email bucket is charged
  // below, only for submissions that pass validation, so a learner who trips
  // over the password rules a few times is not locked out of their own email.
  const ipLimit = await takeTokens([[THROTTLES.signupIp, meta.ip]], meta.now);
  if (!ipLimit.ok) return throttledSignup(ipLimit, meta);

  const fields: Record<string, string> = {};
  if (!email) fields.email = 'Enter your email address.';
  else if (!isPlausibleEmail(email)) fields.email = 'Enter an email address like name@example.com.';
  // The address is shown in the header and on /welcome; a bidi override would reorder it there.
  else if (hasHiddenCharacters(email)) fields.email = 'Remove the invisible or text-direction characters from the address.';
  if (!password) fields.password = 'Choose a password.';
  else {
    const problem = newPasswordProblem(password, { email });
    if (problem) fields.password = problem;
  }
  if (Object.keys(fields).length) return invalid(correctMarkedFields(fields), fields);

  // Valid submissions are the ones that cost an Argon2 hash and may send a
  // "someone tried to sign up" mail, so they are what the per-email bucket limits.
  const accountLimit = await takeTokens([[THROTTLES.signupAccount, normalizeEmail(email)]], meta.now);
  if (!accountLimit.ok) return throttledSignup(accountLimit, meta);

  const hash = await hashPassword(normalizePassword(password));
  const user = await insertUser(email, hash, meta.now);
  if (!user) {
    authEvent('signup.taken', { email_tag: emailTag(email), ip: meta.ip });
    const origin = getConfig().publicOrigin;
    sendMailInBackground(signupAttemptMail(normalizeEmail(email), `${origin}/login`, `${origin}/forgot-password`));
    return redirectTo('/welcome');
  }
  authEvent('signup', { user_id: user.id, ip: meta.ip });
  return redirectTo('/welcome', await issueSession(user, meta));
}

/** The 429 form result for an empty sign-up bucket, logged like every other throttle. */
function throttledSignup(limit: Extract<ThrottleResult, { ok: false }>, meta: RequestMeta): FlowResult {
  authEvent('throttled', { flow: 'signup', bucket: limit.bucket, ip: meta.ip });
  return throttled(limit);
}
