import type { RunEnd } from '../kernel-client';

/**
 * The learner-facing result of a check run: a failed `assert`/`check.fail`
 * says what was expected, in the author's words; anything else becomes a
 * short sentence, never a stack trace.
 */

/** Passed, or the message a learner reads. */
export function checkVerdict(end: RunEnd): { passed: true } | { passed: false; message: string } {
  switch (end.kind) {
    case 'done':
      return { passed: true };
    case 'failed': {
      const { name, message } = end.error;
      if (name === 'AssertionError' || name === 'CheckFailure') return { passed: false, message };
      return { passed: false, message: `The check could not finish (${name}: ${message.slice(0, 200)}). Run your code and look at its output.` };
    }
    case 'stopped':
    case 'killed':
      return { passed: false, message: 'The check was stopped before it finished (it waited too long). Run your code, then press Check again.' };
  }
}
