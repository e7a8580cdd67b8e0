import { counter, histogram } from './registry';

/**
 * Worker-side metrics: how long each job ran (by queue, job name and
 * outcome; the `_count` of failed ones is the failure counter), and how long
 * notifications took from enqueue to the inbox row.
 */

const jobSeconds = histogram(
  'job_duration_seconds',
  'Job processing time in a worker, by queue, job name and outcome (completed or failed).',
  ['queue', 'name', 'outcome'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
);
const deliverySeconds = histogram(
  'notification_delivery_latency_seconds',
  'Time from a notification being enqueued to its inbox row being written, by priority.',
  ['priority'],
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
);
const delivered = counter('notifications_delivered_total', 'Notifications written to inboxes, by priority.', ['priority']);

/** Job names are code constants, but a job added by hand could carry anything: keep the label short and plain. */
function nameLabel(name: string): string {
  return /^[\w.:-]{1,40}$/.test(name) ? name : 'other';
}

/** Run a job's processor and record its duration and outcome. */
export async function timeJob<T>(queue: string, name: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  let outcome = 'failed';
  try {
    const result = await run();
    outcome = 'completed';
    return result;
  } finally {
    jobSeconds.series(queue, nameLabel(name), outcome).observe((performance.now() - t0) / 1000);
  }
}

/** Record `count` notifications delivered `latencyMs` after they were enqueued. */
export function observeDeliveries(priority: string, count: number, latencyMs: number): void {
  if (count <= 0) return;
  // The whole batch was enqueued at once and delivered at once: `count` observations of one latency.
  deliverySeconds.series(priority).observe(Math.max(0, latencyMs) / 1000, count);
  delivered.labels(priority).inc(count);
}
