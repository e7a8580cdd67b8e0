import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { log, type LogFields } from '../log';
import { countAuthEvent } from '../metrics/auth';

/**
 * Security events (sign-in success and failure, resets, password changes,
 * token use, two-factor) as structured log lines with `mod: "auth"` and an
 * `event` name. They carry user ids, session and token ids and client
 * addresses, never a password, a token or a reset link; an email typed at a
 * failed sign-in is logged only as a short hash, since people sometimes type
 * their password into the email field.
 */

const alog = log.child({ mod: 'auth' });

/** The auth events this portal records. */
export type AuthEvent =
  | 'signup'
  | 'signup.taken'
  | 'login.success'
  | 'login.failure'
  | 'login.second_factor'
  | 'logout'
  | 'throttled'
  | 'reset.requested'
  | 'reset.unknown_email'
  | 'reset.completed'
  | 'reset.invalid'
  | 'password.changed'
  | 'password.rehashed'
  | 'session.ended'
  | 'token.created'
  | 'token.revoked'
  | 'token.used'
  | 'token.rejected'
  | 'twofactor.enabled'
  | 'twofactor.disabled'
  | 'twofactor.success'
  | 'twofactor.failure'
  | 'twofactor.recovery_used';

/** A stable, non-reversible short tag for an email (correlating attempts without logging what was typed). */
export function emailTag(email: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(email.trim().toLowerCase()))).slice(0, 12);
}

/**
 * The first 8 characters of a session or token id: enough to correlate log
 * lines, while the logs never hold even the lookup half of a credential.
 */
export function idTag(id: string): string {
  return id.slice(0, 8);
}

/** Record one auth event; failures are logged at warn level. */
export function authEvent(event: AuthEvent, fields: LogFields = {}): void {
  const warn = /failure|invalid|rejected|throttled/.test(event);
  countAuthEvent(event, fields.flow);
  (warn ? alog.warn : alog.info)(event, { event, ...fields });
}
