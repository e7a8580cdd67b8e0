import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimFormNonce, newFormNonce } from '../../src/lib/server/auth/form-nonces';
import { completeReset } from '../../src/lib/server/auth/flows/reset';
import { handleTokenAction } from '../../src/lib/server/auth/flows/tokens';
import { createResetToken, findResetGrant, markResetUsed } from '../../src/lib/server/auth/reset-tokens';
import { createSession } from '../../src/lib/server/auth/sessions';
import { replaceRecoveryCodes, useRecoveryCode } from '../../src/lib/server/auth/two-factor/recovery-codes';
import { openSecret } from '../../src/lib/server/auth/two-factor/secret-key';
import { confirmEnrolment, startEnrolment, verifySecondFactor } from '../../src/lib/server/auth/two-factor/service';
import { TOTP_DIGITS, totpStep } from '../../src/lib/server/auth/two-factor/totp';
import { findUserById, type User } from '../../src/lib/server/auth/users';
import { getKysely } from '../../src/lib/server/db/database';
import { writeTransaction } from '../../src/lib/server/db/query';
import { useInProcessDb, type InProcessDb } from '../helpers/in-process-db';

/**
 * Single-use things stay single-use under concurrency, on a SQLite file and on
 * a real Postgres database alike: two spends of one reset token, recovery
 * code, form nonce or TOTP step started together (Promise.all, so on Postgres
 * they run on two pool connections at once), round after round, and exactly
 * one of each pair wins. (The portal has no email-change or verify tokens.)
 */

const ROUNDS = 25;
const wins = (results: unknown[]) => results.filter((r) => r === true).length;

describe.each(['sqlite', 'postgres'] as const)('single-use under concurrency on %s', (backend) => {
  let db: InProcessDb;
  let user: User;
  beforeAll(async () => {
    db = await useInProcessDb(backend);
    user = (await findUserById(await db.addUser()))!;
  });
  afterAll(async () => {
    await db.stop();
  });

  it('a reset token is spent by exactly one of two concurrent transactions', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const now = Date.now();
      const { token } = await createResetToken(user.id, now);
      const grant = (await findResetGrant(token, now))!;
      const spend = () => writeTransaction((trx) => markResetUsed(grant.id, now, trx));
      expect(wins(await Promise.all([spend(), spend()]))).toBe(1);
      expect(await findResetGrant(token, now)).toBeNull();
    }
  });

  it('two concurrent submissions of one reset link set the password once', async () => {
    for (let round = 0; round < 3; round++) {
      const now = Date.now();
      const { token } = await createResetToken(user.id, now);
      const meta = { ip: '127.0.0.1', userAgent: 'vitest', cookieHeader: `reset=${token}`, now };
      const submit = (password: string) => completeReset(new Map([['password', password]]), meta);
      const results = await Promise.all([submit(`first new passphrase ${round}`), submit(`second new passphrase ${round}`)]);
      expect(results.filter((r) => r.kind === 'redirect')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'form' && r.status === 400)).toHaveLength(1);
    }
  });

  it('a recovery code is accepted by exactly one of two concurrent uses', async () => {
    let codes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (!codes.length) codes = await writeTransaction((trx) => replaceRecoveryCodes(user.id, trx));
      const code = codes.pop()!;
      expect(wins(await Promise.all([useRecoveryCode(user.id, code), useRecoveryCode(user.id, code)]))).toBe(1);
      expect(await useRecoveryCode(user.id, code)).toBe(false);
    }
  });

  it('a form nonce is claimed by exactly one of two concurrent transactions, and creates one token', async () => {
    const { session } = await createSession(user.id, { twoFactorVerified: true });
    for (let round = 0; round < ROUNDS; round++) {
      const now = Date.now();
      const nonce = newFormNonce(now);
      const claim = () => writeTransaction((trx) => claimFormNonce(session.id, nonce, now, trx));
      expect(wins(await Promise.all([claim(), claim()]))).toBe(1);
    }
    const before = await getKysely().selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    for (let round = 0; round < 5; round++) {
      const now = Date.now();
      const form = new Map([
        ['action', 'create'],
        ['form_nonce', newFormNonce(now)],
        ['name', `race ${round}`],
        ['scope:rest', 'on'],
        ['expires_days', '1'],
      ]);
      const results = await Promise.all([0, 1].map(() => handleTokenAction(form, { user, sessionId: session.id }, now)));
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'resubmitted')).toHaveLength(1);
    }
    const after = await getKysely().selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(after.length - before.length).toBe(5);
  });

  it('a TOTP code (one time step) is accepted by exactly one of two concurrent checks', async () => {
    const owner = (await findUserById(await db.addUser()))!;
    await startEnrolment(owner.id);
    const sealed = await getKysely().selectFrom('totp_enrolments').select('secret_enc').where('user_id', '=', owner.id).executeTakeFirstOrThrow();
    const key = openSecret(owner.id, sealed.secret_enc);
    const codeAt = (ms: number) => generateHOTP(key, BigInt(totpStep(ms)), TOTP_DIGITS);
    // Enrol at a moment long past, so every later step is still unused.
    const t0 = Date.now() - ROUNDS * 30_000 * 4;
    expect(await confirmEnrolment(owner.id, codeAt(t0), t0)).toHaveLength(10);
    for (let round = 1; round <= ROUNDS; round++) {
      const at = t0 + round * 30_000 * 3;
      const code = codeAt(at);
      const results = await Promise.all([verifySecondFactor(owner.id, code, at), verifySecondFactor(owner.id, code, at)]);
      expect(results.sort()).toEqual(['replayed', 'totp']);
    }
  });
});
