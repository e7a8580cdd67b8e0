/**
 * The server verifications an exercise may name with `verify=`. Each reads
 * one fact about the learner's own state on the portal; the server decides
 * a pass with it, so printing the expected text is never enough. The
 * implementations are server code (src/lib/server/practice/verifiers.ts);
 * the names live here so the build can reject a misspelt one.
 */
export const VERIFIERS = {
  'todo-7-completed': 'todo 7 in your REST copy exists and is completed',
  'notification-once': 'the notification you sent with Idempotency-Key "practice-once" reached your inbox exactly once',
  'urgent-high-priority': 'a notification titled "Practice: urgent" that you sent with high priority reached your inbox',
} as const;

export type VerifierName = keyof typeof VERIFIERS;

/** Every verifier name, for error messages. */
export const VERIFIER_NAMES = Object.keys(VERIFIERS) as VerifierName[];

/** Type guard for a verifier name. */
export function isVerifierName(s: string): s is VerifierName {
  return Object.prototype.hasOwnProperty.call(VERIFIERS, s);
}

/** What a server verification answers: the verdict, a learner-facing message and the facts it read. */
export interface Verification {
  ok: boolean;
  message: string;
  facts: Record<string, string | number | boolean | null>;
}
