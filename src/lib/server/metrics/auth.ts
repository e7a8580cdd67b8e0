import { counter } from './registry';

/**
 * Sign-in outcomes for `/metrics`: successes, failures and throttled
 * attempts, plus the rest of the auth events (resets, second factor, token
 * rejections). The label is the event name, a fixed list (auth/events.ts).
 */

const authEvents = counter(
  'auth_events_total',
  'Auth events (login.success, login.failure, throttled, ...), by event name and, for throttles, the flow (login, signup, reset, ...).',
  ['event', 'flow'],
);

/** Count one auth event; `flow` is the code's own flow name (a fixed set), when it gives one. */
export function countAuthEvent(event: string, flow: unknown): void {
  authEvents.labels(event, typeof flow === 'string' && flow.length <= 32 ? flow : '').inc();
}
