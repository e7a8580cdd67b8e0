import { ApiError, type FieldErrors } from '../../http/errors';
import { readForm } from '../../http/body';
import type { ThrottleResult } from '../throttle';

/**
 * What an auth form handler decides, for the page to turn into a response:
 * a 303 redirect (success) or the form again with a status, a message and
 * per-field errors (bad input 400, throttled 429 with Retry-After).
 */

/** Where the request came from, for throttles, session metadata and logs. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  cookieHeader: string | null;
  now: number;
}

/** A handler's decision. */
export type FlowResult =
  | { kind: 'redirect'; location: string; setCookies: string[] }
  | {
      kind: 'form';
      status: number;
      message: string | null;
      fields: FieldErrors;
      headers: Record<string, string>;
    };

/** Success: 303 to `location`, setting these cookies. */
export function redirectTo(location: string, setCookies: string[] = []): FlowResult {
  return { kind: 'redirect', location, setCookies };
}

/** Bad input: the form again with a message and field errors. */
export function invalid(message: string | null, fields: FieldErrors = {}, status = 400): FlowResult {
  return { kind: 'form', status, message, fields, headers: {} };
}

/** The banner over a form with field errors: singular when only one field is marked. */
export function correctMarkedFields(fields: FieldErrors): string {
  return Object.keys(fields).length === 1 ? 'Please correct the marked field.' : 'Please correct the marked fields.';
}

/** A wait in words: seconds below a minute and a half, whole minutes (rounded up) above. */
export function waitInWords(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** Throttled: 429 with Retry-After and a message saying when to try again. */
export function throttled(result: Extract<ThrottleResult, { ok: false }>): FlowResult {
  return {
    kind: 'form',
    status: 429,
    message: `Too many attempts. Wait ${waitInWords(result.retryAfterSeconds)} and try again.`,
    fields: {},
    headers: { 'retry-after': String(result.retryAfterSeconds) },
  };
}

/** Read a form post for a page: the fields, or the 4xx (415, 413, 400) as a FlowResult. */
export async function readPageForm(request: Request): Promise<{ form: Map<string, string> } | { error: FlowResult }> {
  try {
    return { form: await readForm(request) };
  } catch (err) {
    if (err instanceof ApiError) return { error: invalid(err.message, {}, err.status) };
    throw err;
  }
}

/** One field as a string ('' when missing). */
export function field(form: Map<string, string>, name: string): string {
  return form.get(name) ?? '';
}
