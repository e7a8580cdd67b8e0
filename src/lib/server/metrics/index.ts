import { getConfig } from '../config';
import { enableQueueGauges } from './queue-gauges';
import { enableDefaultMetrics } from './registry';

/**
 * Switch on what only matters when someone scrapes: Node's runtime metrics
 * and (web processes) the queue gauges. The cheap counters and histograms
 * are always recorded, so turning METRICS_TOKEN on later needs no code path
 * that was never exercised.
 */
export function enableProcessMetrics(kind: 'web' | 'worker'): boolean {
  if (!getConfig().metricsToken) return false;
  enableDefaultMetrics();
  if (kind === 'web') enableQueueGauges();
  return true;
}
