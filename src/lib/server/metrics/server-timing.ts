import { currentContext, runInContext, type TimingRecord } from '../request-context';

/**
 * Where the server spent a request's time, for the `Server-Timing` header
 * of API answers: `auth` (finding the caller), `db` (SQLite statements,
 * including those auth ran), `queue` (handing jobs to Redis) and `total`.
 * Each request gets one small record in its request context
 * (request-context.ts); code that does such work adds its milliseconds
 * without knowing about requests.
 */

/** The parts a Server-Timing header may name. */
export type TimingPart = 'auth' | 'db' | 'queue';

function newRecord(): TimingRecord {
  return { start: performance.now(), auth: 0, db: 0, queue: 0 };
}

/** Run `fn` with a timing record for this request (a no-op wrapper when one is already open). */
export function withServerTiming<T>(fn: () => T): T {
  const current = currentContext();
  if (current?.timing) return fn();
  return runInContext({ requestId: current?.requestId, timing: newRecord() }, fn);
}

/** Run `fn` as request `requestId` with a fresh timing record: withRequestId and withServerTiming in one context switch. */
export function withTimedRequest<T>(requestId: string, fn: () => T): T {
  return runInContext({ requestId, timing: newRecord() }, fn);
}

/** Add `ms` to a part of the current request's time (ignored outside a request). */
export function addServerTime(part: TimingPart, ms: number): void {
  const rec = currentContext()?.timing;
  if (rec) rec[part] += ms;
}

/** Run synchronous `fn` and count its time under `part`. */
export function timeSync<T>(part: TimingPart, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    addServerTime(part, performance.now() - t0);
  }
}

/** Await `fn` and count its time under `part`. */
export async function timeAsync<T>(part: TimingPart, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    addServerTime(part, performance.now() - t0);
  }
}

/** `ms` with one decimal, as `toFixed(1)` writes it, for ms >= 0 (toFixed costs several times more, on every API answer). */
export function tenths(ms: number): string {
  const t = Math.round(ms * 10);
  return `${Math.floor(t / 10)}.${t % 10}`;
}

/** The Server-Timing value for the current request so far: the parts that took time, then `total`; null outside a request. */
export function serverTimingValue(): string | null {
  const rec = currentContext()?.timing;
  if (!rec) return null;
  let parts = '';
  if (rec.auth > 0) parts += `auth;dur=${tenths(rec.auth)}, `;
  if (rec.db > 0) parts += `db;dur=${tenths(rec.db)}, `;
  if (rec.queue > 0) parts += `queue;dur=${tenths(rec.queue)}, `;
  return `${parts}total;dur=${tenths(performance.now() - rec.start)}`;
}
