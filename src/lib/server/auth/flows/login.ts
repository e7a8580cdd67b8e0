import { safeNextPath } from '../../http/access-policy';
import { verifyCredentials } from '../credentials';
import { authEvent, emailTag } from '../events';
import { takeTokens, THROTTLES } from '../throttle';
import { normalizeEmail } from '../users';
import { field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';
import { issueSession } from './sign-in';

/** The one message for every wrong email/password combination. */
export const LOGIN_FAILED_MESSAGE = 'Email or password is incorrect.';

/**
 * Log in with email and password. Unknown email and wrong password get the
 * same status, page and (dummy-hash) time. With two-factor on, a short
 * pending session leads to /login/two-factor.
 */
export async function logIn(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  const next = safeNextPath(field(form, 'next'));
  const limit = takeTokens(
    [
      [THROTTLES.loginIp, meta.ip],
      [THROTTLES.loginAccount, normalizeEmail(email)],
    ],
    meta.now,
  );
  if (!limit.ok) {
    authEvent('throttled', { flow: 'login', bucket: limit.bucket, ip: meta.ip });
    return throttled(limit);
  }
  const fields: Record<string, string> = {};
  if (!email) fields.email = 'Enter your email address.';
  if (!password) fields.password = 'Enter your password.';
  if (Object.keys(fields).length) return invalid('Please fill in both fields.', fields);

  const user = await verifyCredentials(email, password);
  if (!user) {
    authEvent('login.failure', { email_tag: emailTag(email), ip: meta.ip });
    // Shown once, above the form: which of the two fields is wrong is exactly what it must not say.
    return invalid(LOGIN_FAILED_MESSAGE);
  }
  if (user.twoFactorEnabled) {
    authEvent('login.second_factor', { user_id: user.id, ip: meta.ip });
    const cookie = issueSession(user, meta, { pendingSecondFactor: true });
    return redirectTo(`/login/two-factor?next=${encodeURIComponent(next)}`, [cookie]);
  }
  return redirectTo(next, [issueSession(user, meta)]);
}
