import type { Verification, VerifierName } from '../../shared/practice/verifiers';
import { getKysely } from '../db/database';
import { notificationId } from '../notifications/send';
import { getItem } from '../rest/store';

/**
 * The server verifications behind `verify=`: each reads one fact about the
 * caller's own state (never another user's: the user id is the caller's,
 * and nothing the learner sends picks what is read) and says what it saw.
 * Read-only: a verification never changes anything.
 */

type Verifier = (userId: number) => Promise<Verification>;

/** The Idempotency-Key the A2 exercise asks for. */
export const PRACTICE_IDEMPOTENCY_KEY = 'practice-once';
/** The title the A2 high-priority exercise asks for. */
export const URGENT_TITLE = 'Practice: urgent';

const VERIFIERS: Record<VerifierName, Verifier> = {
  async 'todo-7-completed'(userId) {
    const todo = (await getItem(userId, 'todos', 7)) as { completed?: unknown } | null;
    if (!todo) {
      return {
        ok: false,
        message: 'Todo 7 is not in your copy any more (deleted?). Reset your data or create it again, then complete it.',
        facts: { exists: false, completed: null },
      };
    }
    const completed = todo.completed === true;
    return completed
      ? { ok: true, message: 'Todo 7 in your copy is completed.', facts: { exists: true, completed } }
      : {
          ok: false,
          message: `Todo 7 in your copy is still open (completed: ${JSON.stringify(todo.completed)}). Send PATCH /api/rest/todos/7 with {"completed": true} and check its status in the network panel.`,
          facts: { exists: true, completed },
        };
  },
  async 'notification-once'(userId) {
    const id = notificationId(userId, PRACTICE_IDEMPOTENCY_KEY);
    const { n } = await getKysely()
      .selectFrom('inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const count = Number(n);
    if (count === 1)
      return {
        ok: true,
        message: `The notification with Idempotency-Key "${PRACTICE_IDEMPOTENCY_KEY}" is in your inbox exactly once.`,
        facts: { inInbox: count },
      };
    return {
      ok: false,
      message: `No notification sent with Idempotency-Key "${PRACTICE_IDEMPOTENCY_KEY}" is in your inbox yet. POST /api/notifications with that header (to yourself), then give the worker a moment to deliver it.`,
      facts: { inInbox: count },
    };
  },
  async 'urgent-high-priority'(userId) {
    const rows = await getKysely()
      .selectFrom('inbox as i')
      .innerJoin('notification_messages as m', 'm.id', 'i.message_id')
      .select(['m.priority', (eb) => eb.fn.countAll<number>().as('n')])
      .where('i.recipient_id', '=', userId)
      .where('m.sender_id', '=', userId)
      .where('m.title', '=', URGENT_TITLE)
      .groupBy('m.priority')
      .execute();
    const count = (p: string) => Number(rows.find((r) => r.priority === p)?.n ?? 0);
    const high = count('high');
    const facts = { high, normal: count('normal'), low: count('low') };
    if (high > 0) return { ok: true, message: `"${URGENT_TITLE}" reached your inbox with high priority.`, facts };
    const other = facts.normal + facts.low;
    return {
      ok: false,
      message: other
        ? `"${URGENT_TITLE}" reached your inbox ${other} time(s), but never with high priority. Set "priority": "high" in the body.`
        : `No "${URGENT_TITLE}" notification is in your inbox yet. POST /api/notifications with that title and "priority": "high", then give the worker a moment.`,
      facts,
    };
  },
};

/** Run a verification for the caller. */
export function runVerifier(name: VerifierName, userId: number): Promise<Verification> {
  return VERIFIERS[name](userId);
}
