import http from 'node:http';
import { getConfig, workerIndex } from '../config';
import { log } from '../log';
import { enableProcessMetrics } from './index';
import { serveMetrics } from './node-http';

/**
 * A worker's own `/metrics` listener. Workers serve no HTTP otherwise, so
 * each gets a port of its own on 127.0.0.1: WORKER_METRICS_PORT for worker
 * 1, the next port for worker 2, and so on (IL_WORKER_INDEX, set by the
 * supervisor or the systemd instance name). Same token as the web process.
 */

const mlog = log.child({ mod: 'metrics' });

export { workerIndex };

/** Start the listener when METRICS_TOKEN and WORKER_METRICS_PORT are set; resolves to the server, or null when off. */
export async function startWorkerMetrics(): Promise<http.Server | null> {
  const { metricsToken, workerMetricsPort } = getConfig();
  if (!metricsToken || workerMetricsPort === undefined) return null;
  enableProcessMetrics('worker');
  const port = Math.min(65535, workerMetricsPort + workerIndex() - 1);
  const server = http.createServer((req, res) => {
    if (serveMetrics(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only /metrics here.\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A busy port must not take the worker down: jobs matter more than its metrics.
  server.on('error', (err) => mlog.warn('metrics listener error', { err }));
  mlog.info('worker metrics listening', { url: `http://127.0.0.1:${port}/metrics`, port });
  return server;
}
