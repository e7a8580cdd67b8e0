import { inspect } from '../../../shared/notebook/inspect';
import { tableFrom } from '../../../shared/notebook/inspect-table';
import type { LogLevel } from '../../../shared/notebook/protocol';
import { kernelConfig } from './config';
import { toKernelError } from './errors';
import { ownerFor } from './kernel-state';
import { natives } from './natives';
import { makeFetch } from './net-fetch';
import { makeWebSocket } from './net-socket';
import { resourcesOf, type RunContext } from './run-context';

/**
 * The globals a cell sees, made per run so each call knows its run: console,
 * display, fetch, WebSocket, timers, sleep, assert and portal. The order of
 * `cellArguments` is KERNEL_PARAMS in src/lib/shared/notebook/compile-cell.ts.
 */

/** Thrown by assert(). */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Run a callback a cell scheduled; its errors become that run's output. */
export function guarded(run: RunContext, fn: () => void): void {
  if (!run.live) return;
  try {
    fn();
  } catch (err) {
    run.output({ kind: 'error', error: toKernelError(err, run.cellId), uncaught: true });
  }
}

function makeConsole(lexical: RunContext): Console {
  const log =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      ownerFor(lexical).output({ kind: 'log', level, parts: args.map((a) => inspect(a)) });
    };
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const c = {
    log: log('log'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    trace: log('debug'),
    group: log('log'),
    groupCollapsed: log('log'),
    groupEnd: () => undefined,
    clear: () => undefined,
    dir: (value: unknown) => ownerFor(lexical).output({ kind: 'display', title: null, value: inspect(value) }),
    table: (value: unknown) => {
      const table = tableFrom(value);
      const run = ownerFor(lexical);
      if (table) run.output({ kind: 'table', title: null, table });
      else run.output({ kind: 'log', level: 'log', parts: [inspect(value)] });
    },
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) log('error')('Assertion failed:', ...args);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      log('log')(`${label}: ${n}`);
    },
    time: (label = 'default') => void timers.set(label, natives.now()),
    timeEnd: (label = 'default') => {
      const t = timers.get(label);
      if (t !== undefined) log('log')(`${label}: ${(natives.now() - t).toFixed(1)} ms`);
      timers.delete(label);
    },
  };
  return c as unknown as Console;
}

function makeTimers(lexical: RunContext) {
  const setTimeout = (handler: TimerHandler, ms?: number, ...args: unknown[]): number => {
    const run = ownerFor(lexical);
    const own = resourcesOf(run.cellId);
    const id = natives.setTimeout(() => {
      own.timeouts.delete(id);
      if (typeof handler === 'function') guarded(run, () => handler(...args));
    }, ms);
    own.timeouts.add(id);
    return id;
  };
  const setInterval = (handler: TimerHandler, ms?: number, ...args: unknown[]): number => {
    const run = ownerFor(lexical);
    const own = resourcesOf(run.cellId);
    const id = natives.setInterval(() => {
      if (typeof handler === 'function') guarded(run, () => handler(...args));
    }, ms);
    own.intervals.add(id);
    return id;
  };
  const clearTimeout = (id?: number): void => natives.clearTimeout(id);
  const clearInterval = (id?: number): void => natives.clearInterval(id);
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  return { setTimeout, setInterval, clearTimeout, clearInterval, sleep };
}

function makeDisplay(lexical: RunContext) {
  return function display(value: unknown, options: { title?: string } = {}): void {
    const run = ownerFor(lexical);
    const title = typeof options?.title === 'string' ? options.title.slice(0, 200) : null;
    const table = Array.isArray(value) ? tableFrom(value) : null;
    if (table && table.columns[0] !== 'Values') run.output({ kind: 'table', title, table: { ...table, hideIndex: true } });
    else run.output({ kind: 'display', title, value: inspect(value) });
  };
}

function assert(condition: unknown, message?: string): asserts condition {
  if (!condition) throw new AssertionError(message ?? 'Assertion failed');
}

/** The portal object cells see; the token getter follows refreshes. */
export const portal = Object.freeze({
  get origin() {
    return kernelConfig.origin;
  },
  get token() {
    return kernelConfig.token;
  },
  get lesson() {
    return kernelConfig.lesson;
  },
});

/** Per-run helpers in KERNEL_PARAMS order (after the scope object). */
export function cellArguments(run: RunContext): unknown[] {
  const t = makeTimers(run);
  return [
    makeConsole(run),
    makeDisplay(run),
    makeFetch(run),
    makeWebSocket(run),
    t.setTimeout,
    t.setInterval,
    t.clearTimeout,
    t.clearInterval,
    t.sleep,
    assert,
    portal,
  ];
}
