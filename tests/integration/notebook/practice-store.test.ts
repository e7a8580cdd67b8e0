import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKysely } from '../../../src/lib/server/db/database';
import { notificationId } from '../../../src/lib/server/notifications/send';
import { listUserRecords, recordAttempt, recordSolutionUsed } from '../../../src/lib/server/practice/progress-store';
import { PRACTICE_IDEMPOTENCY_KEY, runVerifier, URGENT_TITLE } from '../../../src/lib/server/practice/verifiers';
import { useInProcessDb, type InProcessDb } from '../../helpers/in-process-db';

/** Exercise progress and the read-only verifications on each backend, Checks arriving at once included. */
describe.each(['sqlite', 'postgres'] as const)('practice data on %s', (backend) => {
  let db: InProcessDb;
  let user: number;
  beforeAll(async () => {
    db = await useInProcessDb(backend);
    user = await db.addUser();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('counts every Check sent at once and keeps the first pass', async () => {
    await recordAttempt(user, 'l', 'x', false, 100);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => recordAttempt(user, 'l', 'x', i % 2 === 1, 200 + i)));
    expect(results.map((r) => r.attempts).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const firstPass = (await listUserRecords(user)).get('l/x')!.passedAt;
    expect([201, 203, 205, 207]).toContain(firstPass);
    const later = await recordAttempt(user, 'l', 'x', false, 999);
    expect(later).toEqual({ lesson: 'l', exercise: 'x', attempts: 10, passedAt: firstPass, usedSolution: false });
  });

  it('remembers a loaded solution, before or after any Check', async () => {
    expect(await recordSolutionUsed(user, 'l', 'y')).toEqual({ lesson: 'l', exercise: 'y', attempts: 0, passedAt: null, usedSolution: true });
    expect((await recordSolutionUsed(user, 'l', 'x')).attempts).toBe(10);
    const records = await listUserRecords(user);
    expect([...records.keys()].sort()).toEqual(['l/x', 'l/y']);
    expect(records.get('l/x')!.usedSolution).toBe(true);
  });

  it('verifies the practice notifications from the caller’s own inbox', async () => {
    const learner = await db.addUser();
    expect((await runVerifier('notification-once', learner)).ok).toBe(false);
    expect(await runVerifier('urgent-high-priority', learner)).toMatchObject({ ok: false, facts: { high: 0, normal: 0, low: 0 } });
    const now = Date.now();
    const k = getKysely();
    const message = (id: string, priority: 'high' | 'normal', title: string) =>
      k.insertInto('notification_messages').values({ id, sender_id: learner, title, body: 'b', priority, created_at: now }).execute();
    const deliver = (id: string, messageId: string) =>
      k.insertInto('inbox').values({ id, recipient_id: learner, message_id: messageId, enqueued_at: now, delivered_at: now }).execute();
    await message('m1', 'normal', URGENT_TITLE);
    await deliver('i1', 'm1');
    expect(await runVerifier('urgent-high-priority', learner)).toMatchObject({ ok: false, facts: { high: 0, normal: 1, low: 0 } });
    await message('m2', 'high', URGENT_TITLE);
    await deliver(notificationId(learner, PRACTICE_IDEMPOTENCY_KEY), 'm2');
    expect(await runVerifier('urgent-high-priority', learner)).toMatchObject({ ok: true, facts: { high: 1, normal: 1, low: 0 } });
    expect(await runVerifier('notification-once', learner)).toMatchObject({ ok: true, facts: { inInbox: 1 } });
    // Another learner's inbox says nothing about this one.
    expect((await runVerifier('notification-once', user)).ok).toBe(false);
  });

  it('verifies todo 7 in the learner’s own REST copy', async () => {
    expect(await runVerifier('todo-7-completed', user)).toMatchObject({ ok: false, facts: { exists: true, completed: false } });
  });
});
