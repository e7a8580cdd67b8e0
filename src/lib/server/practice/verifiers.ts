import type { Verification, VerifierName } from '../../shared/practice/verifiers';
import { getDb } from '../db/connection';
import { notificationId } from '../notifications/send';
import { getItem } from '../rest/store';

/**
 * The server verifications behind `verify=`: each reads one fact about the
 * caller's own state (never another user's: the user id is the caller's,
 * and nothing the learner sends picks what is read) and says what it saw.
 * Read-only: a verification never changes anything.
 */

type Verifier = (userId: number) => Verification;

/** The Idempotency-Key the A2 exercise asks for. */
export const PRACTICE_IDEMPOTENCY_KEY = 'practice-once';

const VERIFIERS: Record<VerifierName, Verifier> = {
  'todo-7-completed'(userId) {
    const todo = getItem(userId, 'todos', 7) as { completed?: unknown } | null;
    if (!todo) {
      return { ok: false, message: 'Todo 7 is not in your copy any more (deleted?). Reset your data or create it again, then complete it.', facts: { exists: false, completed: null } };
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
  'notification-once'(userId) {
    const id = notificationId(userId, PRACTICE_IDEMPOTENCY_KEY);
    const count = getDb().prepare('SELECT COUNT(*) FROM inbox WHERE recipient_id = ? AND id = ?').pluck().get(userId, id) as number;
    if (count === 1) return { ok: true, message: `The notification with Idempotency-Key "${PRACTICE_IDEMPOTENCY_KEY}" is in your inbox exactly once.`, facts: { inInbox: count } };
    return {
      ok: false,
      message: `No notification sent with Idempotency-Key "${PRACTICE_IDEMPOTENCY_KEY}" is in your inbox yet. POST /api/notifications with that header (to yourself), then give the worker a moment to deliver it.`,
      facts: { inInbox: count },
    };
  },
};

/** Run a verification for the caller. */
export function runVerifier(name: VerifierName, userId: number): Verification {
  return VERIFIERS[name](userId);
}
