import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '../log';
import { answerMetrics, isMetricsRequest } from './endpoint';

const mlog = log.child({ mod: 'metrics' });

/**
 * `/metrics` on a plain node:http server (the web entry, before static files
 * and Astro; the worker's own listener). Returns false when the request is
 * not for `/metrics` or metrics are off.
 */
export function serveMetrics(req: IncomingMessage, res: ServerResponse): boolean {
  const rawPath = (req.url ?? '/').split('?', 1)[0]!;
  if (!isMetricsRequest(rawPath)) return false;
  answerMetrics(req.method ?? 'GET', req.headers.authorization).then(
    (a) => {
      res.writeHead(a.status, a.headers);
      res.end(a.body);
    },
    (err: unknown) => {
      mlog.error('metrics scrape failed', { err });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Metrics are unavailable right now.\n');
    },
  );
  return true;
}
