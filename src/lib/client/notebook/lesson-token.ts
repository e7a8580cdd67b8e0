/**
 * The page's short-lived lesson token, minted by POST /api/notebook/token
 * with the session cookie (same origin), and refreshed before it expires.
 * Only the kernel uses it; the page itself calls the portal with its cookie.
 */

export interface LessonToken {
  token: string;
  expiresAt: number;
}

/** Ask the portal for a lesson token for this lesson. */
export async function mintLessonToken(lesson: string): Promise<LessonToken> {
  const res = await fetch('/api/notebook/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ lesson }),
    credentials: 'same-origin',
  });
  const body = (await res.json().catch(() => null)) as { token?: string; expiresAt?: number; error?: { message?: string } } | null;
  if (!res.ok || !body?.token || !body.expiresAt) {
    throw new Error(body?.error?.message ?? `the portal refused a lesson token (HTTP ${res.status})`);
  }
  return { token: body.token, expiresAt: body.expiresAt };
}
