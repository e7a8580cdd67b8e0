import type { Tracer } from '@opentelemetry/api';
import type { Telemetry } from 'bullmq';

/**
 * What the rest of the code asks of tracing, without loading OpenTelemetry:
 * `start.ts` (its own bundle, imported only when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set) puts these hooks on globalThis; everywhere else `tracing()` is
 * undefined and costs one property read. The imports above are types only.
 */

/** The hooks of a process whose tracing is on. */
export interface TracingHooks {
  /** For the spans we make ourselves (SQLite statements, WebSocket messages). */
  tracer: Tracer;
  /** BullMQ's telemetry option: carries the trace from the producing request into the worker's job. */
  bullmq: Telemetry;
  /** Send the spans still buffered, then stop (before the process exits). */
  shutdown(): Promise<void>;
}

const KEY = Symbol.for('interview-lab.tracing');

/** This process's tracing hooks, or undefined when tracing is off. */
export function tracing(): TracingHooks | undefined {
  return (globalThis as { [KEY]?: TracingHooks })[KEY];
}

/** Install the hooks (start.ts only). */
export function installTracing(hooks: TracingHooks): void {
  (globalThis as { [KEY]?: TracingHooks })[KEY] = hooks;
}

/** Flush and stop tracing if it is on (shutdown paths call this before exiting). */
export async function stopTracing(): Promise<void> {
  await tracing()
    ?.shutdown()
    .catch(() => undefined);
}
