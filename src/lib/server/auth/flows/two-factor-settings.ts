import { checkUserPassword } from '../credentials';
import { authEvent } from '../events';
import { SecretKeyUnavailableError, secretKeyAvailable } from '../two-factor/secret-key';
import { cancelEnrolment, confirmEnrolment, disableTwoFactor, startEnrolment, verifySecondFactor } from '../two-factor/service';
import { refundTokens, takeTokens, THROTTLES, type BucketPolicy } from '../throttle';
import { getPasswordHash, type User } from '../users';
import { field, invalid, redirectTo, throttled, type FlowResult, type RequestMeta } from './result';
import { twoFactorBuckets } from './second-factor';

/**
 * /account/two-factor actions: start, confirm (answers with the recovery
 * codes, shown once), cancel and disable (password plus a current code).
 */

/** The form's decision: recovery codes to show once, or the usual result. */
export type TwoFactorFormResult = FlowResult | { kind: 'enabled'; recoveryCodes: string[] };

/** The message shown when no encryption key is configured (to a learner, who cannot fix it: no operator's homework). */
export const TWO_FACTOR_UNAVAILABLE =
  'Two-factor sign-in is not available on this server yet: whoever runs it has to give it a secret key (SECRET_KEY) first. Your password and sessions work as usual.';

/** Handle a post to /account/two-factor. */
export async function handleTwoFactorAction(form: Map<string, string>, user: User, meta: RequestMeta): Promise<TwoFactorFormResult> {
  const action = field(form, 'action');
  if (!secretKeyAvailable()) return invalid(TWO_FACTOR_UNAVAILABLE, {}, 503);
  try {
    switch (action) {
      case 'start':
        if (user.twoFactorEnabled) return invalid('Two-factor sign-in is already on.', {}, 409);
        await startEnrolment(user.id, meta.now);
        return redirectTo('/account/two-factor');
      case 'cancel':
        await cancelEnrolment(user.id);
        return redirectTo('/account/two-factor');
      case 'confirm': {
        const buckets = twoFactorBuckets(user.id, meta.ip);
        const limit = await takeTokens(buckets, meta.now);
        if (!limit.ok) return throttled(limit);
        const code = field(form, 'code').trim();
        if (!code) return invalid('Enter the code your app shows.', { code: 'Enter the 6-digit code.' });
        const codes = code.length <= 16 ? await confirmEnrolment(user.id, code, meta.now) : null;
        if (!codes)
          return invalid('That code does not match.', { code: 'That code does not match. Scan the QR code again and enter the current code.' });
        // A typo followed by the right code costs one token, not two.
        await refundTokens(buckets, meta.now);
        authEvent('twofactor.enabled', { user_id: user.id });
        return { kind: 'enabled', recoveryCodes: codes };
      }
      case 'disable': {
        const passwordBucket: [BucketPolicy, string] = [THROTTLES.passwordCheckAccount, `user:${user.id}`];
        const limit = await takeTokens([passwordBucket], meta.now);
        if (!limit.ok) return throttled(limit);
        const password = field(form, 'current_password');
        const code = field(form, 'code').trim();
        const fields: Record<string, string> = {};
        if (!password) fields.current_password = 'Enter your password.';
        if (!code) fields.code = 'Enter a code from your app or a recovery code.';
        if (Object.keys(fields).length) return invalid('Please fill in both fields.', fields);
        const stored = await getPasswordHash(user.id);
        if (!stored || !(await checkUserPassword(stored, password))) {
          return invalid('Your password is not correct.', { current_password: 'This is not your password.' });
        }
        // The code is a second-factor guess like one at login, so it is limited by the same buckets.
        const codeBuckets = twoFactorBuckets(user.id, meta.ip);
        const codeLimit = await takeTokens(codeBuckets, meta.now);
        if (!codeLimit.ok) return throttled(codeLimit);
        const outcome = code.length <= 64 ? await verifySecondFactor(user.id, code, meta.now) : 'wrong';
        if (outcome === 'wrong' || outcome === 'replayed') {
          authEvent('twofactor.failure', { user_id: user.id, reason: outcome, flow: 'disable' });
          return invalid('That code is not valid.', { code: 'That code is not valid (each code works once).' });
        }
        await disableTwoFactor(user.id);
        await refundTokens([passwordBucket, ...codeBuckets], meta.now);
        authEvent('twofactor.disabled', { user_id: user.id });
        return redirectTo('/account/two-factor?disabled=1');
      }
      default:
        return invalid('Unknown action.', {}, 400);
    }
  } catch (err) {
    if (err instanceof SecretKeyUnavailableError) return invalid(err.message, {}, 503);
    throw err;
  }
}
