import { getDb } from '../../db/connection';
import { safeNextPath } from '../../http/access-policy';
import { verifyCredentials } from '../credentials';
import { authEvent, emailTag } from '../events';
import { knownDeviceFor } from '../login-devices';
import { refundTokens, takeTokens, THROTTLES, type BucketPolicy, type ThrottleResult } from '../throttle';
import { normalizeEmail } from '../users';
import { field, invalid, redirectTo, throttled, waitInWords, type FlowResult, type RequestMeta } from './result';
import { issueSession } from './sign-in';

/** The one message for every wrong email/password combination. */
export const LOGIN_FAILED_MESSAGE = 'Email or password is incorrect.';

/** Warn when this many attempts (or fewer) are left before the throttle answers 429. */
const WARN_AT_REMAINING = 2;

/**
 * The buckets a login attempt draws from: the client address, and either the
 * typed account or, for a browser that signed in to that account before, its
 * own device bucket. That second choice is what keeps a stranger who empties
 * the account's bucket from locking its owner out of their usual browsers.
 */
export function loginBuckets(email: string, meta: RequestMeta): [BucketPolicy, string][] {
  const device = knownDeviceFor(meta.cookieHeader, email, meta.now);
  return [[THROTTLES.loginIp, meta.ip], device ? [THROTTLES.loginDevice, device] : [THROTTLES.loginAccount, normalizeEmail(email)]];
}

/**
 * What a failed attempt says: the one message, plus a warning when the
 * throttle is nearly or now empty. The buckets are keyed by the typed email
 * whether or not it has an account, so the warning is the same for both.
 */
export function loginFailedMessage(limit: Extract<ThrottleResult, { ok: true }>): string {
  const n = limit.remaining;
  if (n > WARN_AT_REMAINING) return LOGIN_FAILED_MESSAGE;
  if (n === 0) return `${LOGIN_FAILED_MESSAGE} That was the last try for now: wait ${waitInWords(limit.refillSeconds)} before the next one.`;
  return `${LOGIN_FAILED_MESSAGE} ${n} more ${n === 1 ? 'try' : 'tries'}, then sign-in pauses for a few minutes.`;
}

/**
 * Log in with email and password. Unknown email and wrong password get the
 * same status, page and (dummy-hash) time. With two-factor on, a short
 * pending session leads to /login/two-factor.
 */
export async function logIn(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  const next = safeNextPath(field(form, 'next'));
  const buckets = loginBuckets(email, meta);
  const limit = takeTokens(buckets, meta.now);
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
    return invalid(loginFailedMessage(limit));
  }
  // Everything a sign-in changes is written in one transaction: one commit (one WAL
  // write) per login instead of three, on the path every user takes.
  return getDb()
    .transaction((): FlowResult => {
      // Only wrong passwords count: the right one gives its tokens back (taken first so
      // that parallel guesses cannot all slip past an almost empty bucket).
      refundTokens(buckets, meta.now);
      if (user.twoFactorEnabled) {
        authEvent('login.second_factor', { user_id: user.id, ip: meta.ip });
        const cookies = issueSession(user, meta, { pendingSecondFactor: true });
        return redirectTo(`/login/two-factor?next=${encodeURIComponent(next)}`, cookies);
      }
      return redirectTo(next, issueSession(user, meta));
    })
    .immediate();
}
