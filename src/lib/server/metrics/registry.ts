import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import { FastHistogram } from './fast-histogram';

/**
 * The process's one Prometheus registry. Metrics are defined where they are
 * measured (http.ts, realtime.ts, ...) but all register here, so `/metrics`
 * and the worker's listener print one registry. Node's runtime metrics
 * (event loop lag, heap, GC, handles) are collected once per process.
 *
 * The web process runs two bundles of our code (dist/node/web.mjs and
 * Astro's dist/server), so the registry lives on globalThis and a metric
 * defined by both bundles is created once and shared.
 */

/** Prefix of every portal-specific metric name. */
export const PREFIX = 'interview_lab_';

const KEY = Symbol.for('interview-lab.metrics.registry');
const g = globalThis as { [KEY]?: { registry: Registry; defaultsOn: boolean } };
const shared = (g[KEY] ??= { registry: new Registry(), defaultsOn: false });

/** The process-wide registry. */
export const registry = shared.registry;

/** Turn on Node's runtime metrics (idempotent; they cost a little, so only processes that expose metrics call it). */
export function enableDefaultMetrics(): void {
  if (shared.defaultsOn) return;
  shared.defaultsOn = true;
  collectDefaultMetrics({ register: registry });
}

/** The metric already registered under `name` by another bundle, or a new one. */
function once<M>(name: string, create: () => M): M {
  return (registry.getSingleMetric(PREFIX + name) as M | undefined) ?? create();
}

/** A counter in the portal registry. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return once(name, () => new Counter({ name: PREFIX + name, help, labelNames, registers: [registry] }));
}

/** A gauge in the portal registry; `collect` refreshes it at scrape time. */
export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  collect?: (this: Gauge<L>) => void | Promise<void>,
): Gauge<L> {
  return once(name, () => new Gauge({ name: PREFIX + name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) }));
}

/** A histogram (seconds) in the portal registry, cheap enough for per-statement use (fast-histogram.ts). */
export function histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): FastHistogram<L> {
  return once(name, () => {
    const h = new FastHistogram(PREFIX + name, help, labelNames, buckets);
    registry.registerMetric(h as unknown as Metric);
    return h;
  });
}

/** The registry in Prometheus text format, with its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
