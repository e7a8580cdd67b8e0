import type { Verification } from '../../../shared/practice/verifiers';

/**
 * The page's calls to the practice endpoints, with the session cookie (the
 * kernel's lesson token cannot record progress or read solutions).
 */

/** What the server recorded for one Check. */
export interface AttemptAnswer {
  passed: boolean;
  verification: Verification | null;
  attempts: number;
  usedSolution: boolean;
  passedAt: string | null;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
  if (!res.ok || !data) throw new Error(data?.error?.message ?? `the portal answered ${res.status}`);
  return data;
}

/** Record a Check; the answer carries the server's verdict. */
export function recordAttempt(lesson: string, exercise: string, passed: boolean): Promise<AttemptAnswer> {
  return post<AttemptAnswer>('/api/practice/attempts', { lesson, exercise, passed });
}

/** Fetch the solution (the server records that it was used). */
export async function fetchSolution(lesson: string, exercise: string): Promise<string> {
  return (await post<{ solution: string }>('/api/practice/solution', { lesson, exercise })).solution;
}
