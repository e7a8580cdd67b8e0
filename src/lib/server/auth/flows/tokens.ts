import { hasHiddenCharacters } from '../../../shared/auth/display-text';
import { ALL_SCOPES, type Scope } from '../../../shared/scopes';
import { writeTransaction } from '../../db/query';
import { countLivePersonalTokens, createApiToken, revokeAllPersonalTokens, revokeApiToken, type ApiToken } from '../api-tokens';
import { authEvent, idTag } from '../events';
import { claimFormNonce, formNonceState } from '../form-nonces';
import type { User } from '../users';
import { correctMarkedFields, field, invalid, redirectTo, type FlowResult } from './result';

/**
 * Personal API tokens at /account/tokens: create (name, scopes, expiry; the
 * secret is shown once, in the answer to the create form) and revoke. The
 * create answer is a 201 page, not a redirect (the secret must not sit in a
 * URL or a second request), so the page's form carries a one-time nonce
 * (form-nonces.ts): reloading that answer re-posts the form and gets a notice
 * instead of a second token.
 */

/** Expiry choices offered by the form, in days. */
export const TOKEN_EXPIRY_DAYS = [1, 7, 30, 90, 365] as const;
/** Most live personal tokens one user may hold. */
export const MAX_LIVE_TOKENS = 50;
const NAME_MAX = 60;

/** The answer to a create form posted again with the same nonce. */
export const TOKEN_FORM_ALREADY_SUBMITTED = 'This form was already submitted; the token was created and its secret shown once.';
/** The answer to a create form whose nonce is too old or not one the page makes. */
export const TOKEN_FORM_EXPIRED = 'This form is out of date. Check the fields and press "Create token" again.';

/** The form's decision: a new token to show once, the same form posted again, or the usual result. */
export type TokenFormResult = FlowResult | { kind: 'created'; token: string; record: ApiToken } | { kind: 'resubmitted'; message: string };

const RESUBMITTED: TokenFormResult = { kind: 'resubmitted', message: TOKEN_FORM_ALREADY_SUBMITTED };

/** Handle a post to /account/tokens (`action=create`, `action=revoke` or `action=revoke_all`) from this user's session. */
export async function handleTokenAction(
  form: Map<string, string>,
  who: { user: User; sessionId: string },
  now = Date.now(),
): Promise<TokenFormResult> {
  const { user, sessionId } = who;
  const action = field(form, 'action');
  if (action === 'revoke') {
    const id = field(form, 'token_id');
    if (!/^[a-z2-7]{24}$/.test(id) || !(await revokeApiToken(user.id, id, now))) {
      return invalid('That token does not exist or is already revoked.', {}, 404);
    }
    authEvent('token.revoked', { user_id: user.id, token_id: idTag(id) });
    return redirectTo('/account/tokens?revoked=1');
  }
  if (action === 'revoke_all') {
    const revoked = await revokeAllPersonalTokens(user.id, now);
    authEvent('token.revoked', { user_id: user.id, token_id: 'all', count: revoked });
    return redirectTo(`/account/tokens?revoked=${revoked}`);
  }
  if (action !== 'create') return invalid('Unknown action.', {}, 400);

  // The page always sends a nonce; a script posting the documented fields without one still creates a token.
  const nonce = field(form, 'form_nonce');
  if (nonce) {
    const state = await formNonceState(sessionId, nonce, now);
    if (state === 'used') return RESUBMITTED;
    if (state !== 'fresh') return invalid(TOKEN_FORM_EXPIRED, {}, 400);
  }

  const fields: Record<string, string> = {};
  const name = field(form, 'name').trim();
  if (!name) fields.name = 'Give the token a name, such as "laptop script".';
  else if ([...name].length > NAME_MAX) fields.name = `Use at most ${NAME_MAX} characters.`;
  // Refused rather than stripped: the name is shown back as typed, so what was saved is what the person sees.
  else if (hasHiddenCharacters(name)) fields.name = 'Use letters, digits, spaces and punctuation only (no invisible or text-direction characters).';
  const scopes: Scope[] = ALL_SCOPES.filter((s) => form.get(`scope:${s}`) === 'on');
  if (!scopes.length) fields.scopes = 'Choose at least one scope.';
  const days = Number(field(form, 'expires_days'));
  if (!(TOKEN_EXPIRY_DAYS as readonly number[]).includes(days)) fields.expires_days = 'Choose when the token expires.';
  if (Object.keys(fields).length) return invalid(correctMarkedFields(fields), fields);
  if ((await countLivePersonalTokens(user.id, now)) >= MAX_LIVE_TOKENS) {
    return invalid(`You already have ${MAX_LIVE_TOKENS} live tokens. Revoke one first.`, {}, 409);
  }
  // Claimed in the token's transaction: of two racing posts of one form, only one creates.
  const created = await writeTransaction(async (trx) => {
    if (nonce && !(await claimFormNonce(sessionId, nonce, now, trx))) return null;
    return createApiToken(user.id, { kind: 'personal', name, scopes, ttlMs: days * 86_400_000, now }, trx);
  });
  if (!created) return RESUBMITTED;
  const { token, record } = created;
  authEvent('token.created', { user_id: user.id, token_id: idTag(record.id), scopes: scopes.join(' ') });
  return { kind: 'created', token, record };
}
