import type { HistogramSeries } from './fast-histogram';
import { histogram } from './registry';

/**
 * HTTP request durations by route pattern, method and status class. Labels
 * come from bounded sets only: the route is Astro's pattern
 * (`/api/rest/[...path]`), a fast-path API's name, `static` or `unmatched`,
 * never the raw path, so a scanner trying a million URLs adds no series.
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Longest route label kept; Astro patterns are short, anything longer is not one of ours. */
const MAX_ROUTE = 80;

const requestSeconds = histogram(
  'http_request_duration_seconds',
  'HTTP request duration from arrival to the end of the answer, by route pattern, method and status class.',
  ['route', 'method', 'status'],
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** The status class label (`2xx`..`5xx`). */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** The method label: the standard methods, everything else `other`. */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'other';
}

/** The route label: the pattern or name the caller passes (always from a fixed set), else `unmatched`. */
export function routeLabel(route: string | undefined): string {
  return route && route.length <= MAX_ROUTE ? route : 'unmatched';
}

// Series by route, method and status, found without building a key string per request (labels come from bounded sets).
const seriesByLabels = new Map<string, Map<string, Map<number, HistogramSeries>>>();

function seriesOf(route: string, method: string, status: number): HistogramSeries {
  let byMethod = seriesByLabels.get(route);
  if (!byMethod) seriesByLabels.set(route, (byMethod = new Map()));
  let byStatus = byMethod.get(method);
  if (!byStatus) byMethod.set(method, (byStatus = new Map()));
  let series = byStatus.get(status);
  if (!series) byStatus.set(status, (series = requestSeconds.series(route, method, statusClass(status))));
  return series;
}

/** Record one finished request. `route` is the pattern that served it (undefined: no route matched). */
export function observeHttpRequest(route: string | undefined, method: string | undefined, status: number, seconds: number): void {
  seriesOf(routeLabel(route), methodLabel(method), status).observe(seconds);
}
