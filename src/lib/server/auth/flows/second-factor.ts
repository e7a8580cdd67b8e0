import { safeNextPath } from '../../http/access-policy';
import { readCookie, sessionCookieName } from '../cookies';
import { authEvent } from '../events';
import type { Session } from '../sessions';
import { validateSessionToken } from '../sessions';
import { refundTokens, takeTokens, THROTTLES, type BucketPolicy } from '../throttle';
import { SecretKeyUnavailableError } from '../two-factor/secret-key';
import { verifySecondFactor } from '../two-factor/service';
import type { User } from '../users';
import { field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';
import { issueSession } from './sign-in';

/**
 * The second step of a login with two-factor on: the browser holds a short
 * pending session; a valid TOTP (each step accepted once) or recovery code
 * replaces it with a fresh, full session.
 */

/** The pending (password checked, second factor not yet) session of this browser, if any. */
export async function pendingSecondFactor(cookieHeader: string | null, now = Date.now()): Promise<{ session: Session; user: User } | null> {
  const token = readCookie(cookieHeader, sessionCookieName());
  const found = token ? await validateSessionToken(token, now) : null;
  if (!found || found.session.twoFactorVerified || !found.user.twoFactorEnabled) return null;
  return found;
}

/** The buckets every second-factor code check takes from: per address and per account. */
export function twoFactorBuckets(userId: number, ip: string): [BucketPolicy, string][] {
  return [
    [THROTTLES.twoFactorIp, ip],
    [THROTTLES.twoFactorAccount, `user:${userId}`],
  ];
}

/** Check the code posted at /login/two-factor. */
export async function completeSecondFactor(form: Map<string, string>, meta: RequestMeta): Promise<FlowResult> {
  const next = safeNextPath(field(form, 'next'));
  const pending = await pendingSecondFactor(meta.cookieHeader, meta.now);
  if (!pending) return redirectTo(`/login?next=${encodeURIComponent(next)}`);
  const buckets = twoFactorBuckets(pending.user.id, meta.ip);
  const limit = await takeTokens(buckets, meta.now);
  if (!limit.ok) {
    authEvent('throttled', { flow: 'two-factor', bucket: limit.bucket, ip: meta.ip, user_id: pending.user.id });
    return throttled(limit);
  }
  const code = field(form, 'code').trim();
  if (!code) return invalid('Enter the code from your authenticator app.', { code: 'Enter the 6-digit code or a recovery code.' });
  if (code.length > 64) return invalid('Please correct the marked field.', { code: 'That code is not valid.' });
  let outcome;
  try {
    outcome = await verifySecondFactor(pending.user.id, code, meta.now);
  } catch (err) {
    if (err instanceof SecretKeyUnavailableError) return invalid(err.message, {}, 503);
    throw err;
  }
  if (outcome === 'wrong' || outcome === 'replayed') {
    authEvent('twofactor.failure', { user_id: pending.user.id, reason: outcome, ip: meta.ip });
    const message =
      outcome === 'replayed'
        ? 'That code was already used. Wait for the next code and enter it.'
        : 'That code is not valid. Check the time on your device, or use a recovery code.';
    return invalid('Please correct the marked field.', { code: message });
  }
  // Only wrong codes count against the limit; a right one gives its token back.
  await refundTokens(buckets, meta.now);
  if (outcome === 'recovery') authEvent('twofactor.recovery_used', { user_id: pending.user.id });
  authEvent('twofactor.success', { user_id: pending.user.id, ip: meta.ip });
  return redirectTo(next, await issueSession(pending.user, meta));
}
