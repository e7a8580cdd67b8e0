import { getKysely } from '../db/database';
import { changed, type Executor } from '../db/query';
import { randomSecret } from './secrets';

/**
 * One-time form nonces, so reloading the answer to a POST (which browsers
 * offer to re-send) cannot act twice. A form carries `<issued at, base 36>-<120
 * random bits>`; nothing is stored when it is rendered, only when it is
 * submitted, as "used by this session". The issue time bounds how long a form
 * is good, and with it how long a used nonce must be remembered. The nonce is
 * no secret and no CSRF defence (the middleware and Origin checks are): a
 * person could make up a fresh one, but only to do again what they could do
 * anyway.
 */

/** How long a rendered form may be submitted (and a used nonce is remembered). */
export const FORM_NONCE_TTL_MS = 60 * 60 * 1000;
/** Clock skew tolerated for an issue time slightly in the future (several web processes). */
const FUTURE_SLACK_MS = 60 * 1000;
const NONCE = /^([0-9a-z]{1,11})-([a-z2-7]{24})$/;

/** A fresh nonce for a form rendered at `now`. */
export function newFormNonce(now = Date.now()): string {
  return `${now.toString(36)}-${randomSecret()}`;
}

/** What a submitted nonce says about its form. */
export type FormNonceState = 'fresh' | 'used' | 'expired' | 'malformed';

function issuedAt(nonce: string): number | null {
  const m = NONCE.exec(nonce);
  return m ? parseInt(m[1]!, 36) : null;
}

/** Whether a submitted nonce may still act: not malformed, not expired, not used by this session. */
export async function formNonceState(sessionId: string, nonce: string, now = Date.now()): Promise<FormNonceState> {
  const issued = issuedAt(nonce);
  if (issued === null) return 'malformed';
  if (issued > now + FUTURE_SLACK_MS || now - issued > FORM_NONCE_TTL_MS) return 'expired';
  const used = await getKysely()
    .selectFrom('form_nonces')
    .select('used_at')
    .where('session_id', '=', sessionId)
    .where('nonce', '=', nonce)
    .executeTakeFirst();
  return used ? 'used' : 'fresh';
}

/**
 * Record a nonce as used by a session; false when it already was. Call it in
 * the write transaction `db` of the action it guards: the INSERT … ON
 * CONFLICT DO NOTHING's row count decides, so of two racing submissions of one
 * form exactly one acts (on Postgres the second waits for the first's commit).
 * Prunes nonces older than any form may be.
 */
export async function claimFormNonce(sessionId: string, nonce: string, now: number, db: Executor): Promise<boolean> {
  await db
    .deleteFrom('form_nonces')
    .where('used_at', '<', now - FORM_NONCE_TTL_MS - FUTURE_SLACK_MS)
    .execute();
  const result = await db
    .insertInto('form_nonces')
    .values({ session_id: sessionId, nonce, used_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return changed(result) === 1;
}
