import { writeTransaction } from '../../db/query';
import { safeNextPath } from '../../http/access-policy';
import { verifyCredentials } from '../credentials';
import { authEvent, emailTag } from '../events';
import { knownDeviceFor } from '../login-devices';
import { refundTokens, takeTokens, THROTTLES, type BucketPolicy, type ThrottleResult } from '../throttle';
import { normalizeEmail } from '../users';
import { field, invalid, redirectTo, throttled, waitInWords, type FlowResult, type RequestMeta } from './result';
import { issueIn } from './sign-in';
import { announceCredentialsEnded } from '../revocation';

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
export async function loginBuckets(email: string, meta: RequestMeta): Promise<{ buckets: [BucketPolicy, string][]; device: string | null }> {
  const device = await knownDeviceFor(meta.cookieHeader, email, meta.now);
  return {
    buckets: [[THROTTLES.loginIp, meta.ip], device ? [THROTTLES.loginDevice, device] : [THROTTLES.loginAccount, normalizeEmail(email)]],
    device,
  };
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
  const { buckets, device } = await loginBuckets(email, meta);
  const limit = await takeTokens(buckets, meta.now);
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
  const done = await writeTransaction(async (trx) => {
    // Only wrong passwords count: the right one gives its tokens back (taken first so
    // that parallel guesses cannot all slip past an almost empty bucket).
    await refundTokens(buckets, meta.now, trx, limit);
    const pending = user.twoFactorEnabled;
    if (pending) authEvent('login.second_factor', { user_id: user.id, ip: meta.ip });
    // The device lookup above was for this account's email: a device id here is this user's.
    const issued = await issueIn(user, meta, { pendingSecondFactor: pending, knownDeviceId: device }, trx);
    return { ...issued, location: pending ? `/login/two-factor?next=${encodeURIComponent(next)}` : next };
  });
  if (done.ended) announceCredentialsEnded(done.ended.userId);
  return redirectTo(done.location, done.cookies);
}
