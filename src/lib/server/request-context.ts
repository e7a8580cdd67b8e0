import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * What a request (or a WebSocket connection, or a job) carries through its
 * async calls: its id, for log lines, and its Server-Timing record. One
 * AsyncLocalStorage holds both: every async resource created while a store
 * is active pays a propagation per store, so the request id and the timings
 * share one (the log and Server-Timing modules each used their own before).
 * On globalThis: the web process loads these modules twice (its own bundle
 * and Astro's), and both copies must share the one store.
 */

/** Where a request's time went so far (ms), for Server-Timing; `start` is its performance.now(). */
export interface TimingRecord {
  start: number;
  auth: number;
  db: number;
  queue: number;
}

/** The current request's context; either part may be missing (a job has an id but no timing). */
export interface RequestContext {
  readonly requestId?: string;
  readonly timing?: TimingRecord;
}

const KEY = Symbol.for('interview-lab.request-context');
const g = globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> };
const store = (g[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** The context of the code running now, if it runs inside one. */
export function currentContext(): RequestContext | undefined {
  return store.getStore();
}

// Request ids are cut from one random draw per IDS_PER_DRAW ids instead of a UUID each.
const IDS_PER_DRAW = 512;
let idPool = '';
let idAt = 0;

/** A fresh request id: 8 random hex digits (the shape of a UUID's first 8, as before). */
export function newRequestId(): string {
  if (idAt >= idPool.length) {
    idPool = randomBytes(4 * IDS_PER_DRAW).toString('hex');
    idAt = 0;
  }
  idAt += 8;
  return idPool.slice(idAt - 8, idAt);
}

/** Run `fn` (and everything it starts) inside `context`. */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return store.run(context, fn);
}
