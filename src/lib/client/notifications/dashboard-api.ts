import { randomBytes } from '../../shared/crypto/bytes';
import { toHex } from '../../shared/crypto/encoding';

/**
 * How the dashboard's forms and buttons talk to the notification API
 * (same-origin, cookie): one call helper, idempotency keys per submission,
 * forms that send once.
 */

/** What a call answered: the typed body on 2xx, else the status and the API's error message. */
export type CallResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string | undefined };

/** Call the API; never throws (a network failure is a result with status 0). */
export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: 'Could not reach the server; check the connection and try again.' };
  }
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
  return { ok: false, status: res.status, message: typeof message === 'string' ? message : undefined };
}

/**
 * One `Idempotency-Key` per submission of a form: the same body sent again
 * (a retry after a lost answer) reuses it, so the server replays its first
 * answer instead of queuing twice; a success or an edited form gets a new one.
 */
export function idempotencyKeys(): { forBody(body: string): string; succeeded(): void } {
  let key = '';
  let sentBody = '';
  return {
    forBody(body) {
      if (!key || body !== sentBody) {
        // getRandomValues (under randomBytes), not randomUUID: it works on plain-http origins too.
        key = toHex(randomBytes(16));
        sentBody = body;
      }
      return key;
    },
    succeeded() {
      key = '';
    },
  };
}

/**
 * Handle a form's submit with its submit button disabled and the form
 * marked aria-busy until the answer is in, so a double click (or Enter
 * pressed twice) sends one request.
 */
export function onSubmitOnce(form: HTMLFormElement, handle: () => Promise<void>): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    form.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    void handle().finally(() => {
      form.removeAttribute('aria-busy');
      for (const b of buttons) b.disabled = false;
    });
  });
}

/** What to tell the reader about a failed call. */
export function errorText(r: { status: number; message: string | undefined }): string {
  return r.message ?? `The server answered ${r.status}.`;
}
