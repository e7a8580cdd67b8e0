import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDataLayer, openDataLayer } from '../src/lib/server/db/open';
import { adoptListeningPort, getConfig } from '../src/lib/server/config';
import { canonicalizeRequestUrl } from '../src/lib/server/http/canonical-entry';
import { answerClientError } from '../src/lib/server/http/client-error';
import { capConnections } from '../src/lib/server/http/connection-cap';
import { drainServer } from '../src/lib/server/http/drain';
import { clientIp } from '../src/lib/server/http/client-ip';
import { sanitizeForwardedHeaders } from '../src/lib/server/http/forwarded-headers';
import { requestOrigin } from '../src/lib/server/http/request-origin';
import { log } from '../src/lib/server/log';
import { serveApiFast } from '../src/lib/server/api-fast-path/apis';
import { createLoginFastPath, type LoginFastContext } from '../src/lib/server/page-fast-path/login';
import { enableProcessMetrics } from '../src/lib/server/metrics';
import { observeHttpRequest } from '../src/lib/server/metrics/http';
import { serveMetrics } from '../src/lib/server/metrics/node-http';
import { withTimedRequest } from '../src/lib/server/metrics/server-timing';
import { newRequestId } from '../src/lib/server/request-context';
import { stopTracing } from '../src/lib/server/tracing/hooks';
import { stopProducing } from '../src/lib/server/marketdata/producer';
import { createPortalRouter } from '../src/lib/server/realtime';
import { closeRedis } from '../src/lib/server/redis/client';
import { bootProcess, EXIT_CANNOT_RUN } from './boot';
import { createStaticHandler } from './static-files';

/**
 * The production web process: one http.Server on one port serving the built
 * client files, Astro's pages and endpoints (middleware mode) and every
 * WebSocket. Runs compiled (dist/node/web-main.mjs, started by the launcher
 * dist/node/web.mjs from server/web-launch.ts), never through a TS loader.
 */

type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void, locals?: object) => Promise<void>;

const config = bootProcess('web');
const wlog = log.child({ mod: 'web' });
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// SQLite: open and migrate before taking traffic (a failed migration stops the start).
// Postgres may be down or starting: serve anyway, retry, and let /api/health say why.
await openDataLayer('serve');
const { handler } = (await import(path.join(distDir, 'server', 'entry.mjs'))) as { handler: AstroHandler };
const serveStatic = createStaticHandler(path.join(distDir, 'client'), { https: config.publicOriginIsHttps });
const router = createPortalRouter();
enableProcessMetrics('web');

/** Hand a request to Astro (pages, endpoints, the middleware), with `locals` from this server. */
function toAstro(req: http.IncomingMessage, res: http.ServerResponse, locals: object): void {
  handler(req, res, undefined, locals).catch((err: unknown) => {
    wlog.error('request failed', { err });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Internal server error');
  });
}
const serveLoginFast = createLoginFastPath(toAstro);

/**
 * The level of a request's access line. Built files are debug: one page view
 * fetches a dozen. In production a request is worth an info line when it
 * failed or was refused (status >= 400) or was slow; the rest are counted by
 * /metrics and written by nginx, so they are debug (docs/operability.md, "Logs").
 */
const SLOW_MS = 1000;
function accessLevel(staticHit: boolean, status: number, ms: number): 'debug' | 'info' {
  if (staticHit) return 'debug';
  if (!config.isProduction) return 'info';
  return status >= 400 || ms >= SLOW_MS ? 'info' : 'debug';
}

// Slow clients are checked every 5 s, not Node's 30: a request past requestTimeout is cut within ~65 s, not ~90.
const server = http.createServer({ connectionsCheckingInterval: 5_000 }, (req, res) => {
  const started = performance.now();
  const incoming = config.trustProxy ? req.headers['x-request-id'] : undefined;
  const requestId = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : newRequestId();
  let staticHit = false;
  // The route pattern that served the request (set by the middleware or the fast path), for the metrics label.
  // clientIp and origin are filled in once the forwarding headers are sanitized below.
  const locals: LoginFastContext = { requestId, clientIp: '', origin: '' };
  // One context for the request id (log lines) and the Server-Timing record.
  withTimedRequest(requestId, () => {
    res.on('finish', () => {
      const ms = performance.now() - started;
      observeHttpRequest(staticHit ? 'static' : locals.route, req.method, res.statusCode, ms / 1000);
      const level = accessLevel(staticHit, res.statusCode, ms);
      if (!wlog.enabled(level)) return; // nothing is built for a line nobody reads
      wlog[level]('request', { method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms: Math.round(ms) });
    });
    // Decided once, here: every check and every router below sees this one spelling of the path.
    if (!canonicalizeRequestUrl(req, res)) return;
    if (serveMetrics(req, res)) {
      locals.route = '/metrics';
      return;
    }
    sanitizeForwardedHeaders(req.headers, config.trustProxy);
    locals.clientIp = clientIp(req, config.trustProxy);
    // Once per request, for the fast paths' guards and the middleware's: Astro's url.origin is http://localhost for an
    // IPv6 or out-of-range-port Host (its host parsing splits at the first ':'), so it cannot serve.
    locals.origin = requestOrigin(req);
    // /api/rest and /api/graphql: same guards and headers as the middleware, without Astro's per-request cost.
    // Before the static files: no built file lives under /api/, so an API call need not be looked up there.
    if (serveApiFast(req, res, locals)) return;
    // POST /login: the same guards, flow and headers as through Astro, without its pipeline (page-fast-path/login.ts).
    if (serveLoginFast(req, res, locals)) return;
    if (serveStatic(req, res)) {
      staticHit = true;
      return;
    }
    toAstro(req, res, locals);
  });
});
server.headersTimeout = 20_000;
// A client that sends its request and half-closes (`printf ... | nc -N`, HTTP/1.0 tools) still gets its answer:
// Node's default aborts the request in flight on the client's FIN, losing any answer not written in that turn.
// The property is Node's own (net.Server's allowHalfOpen for HTTP), though @types/node does not list it.
(server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
server.requestTimeout = 60_000;
server.keepAliveTimeout = 65_000;
capConnections(server, config.maxConnections);
server.on('upgrade', (req, socket, head) => router.handleUpgrade(req, socket, head));
server.on('clientError', answerClientError);

server.once('error', (err: NodeJS.ErrnoException) => {
  // Only listen() errors reach here; a taken port will not free itself, so restarting is pointless.
  const why = err.code === 'EADDRINUSE' ? 'is already in use (set PORT to a free port)' : `cannot be opened (${err.code ?? err.message})`;
  process.stderr.write(`interview-lab: port ${config.port} on ${config.host} ${why}\n`);
  process.exit(EXIT_CANNOT_RUN);
});
server.listen(config.port, config.host, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  adoptListeningPort(port);
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const origin = getConfig().publicOrigin;
  const reached = origin === url ? '' : ` (users reach it at ${origin})`;
  wlog.info(`Interview Lab is ready on ${url}${reached}`, { event: 'ready', url, port });
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  wlog.info('shutting down', { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await router.close();
  // Hand the market locks back so another process takes over at once, not after they expire.
  await stopProducing();
  // Answers in flight get up to 5 s; the forced exit above is 10 s.
  await drainServer(server, 5_000);
  await closeRedis();
  await closeDataLayer();
  await stopTracing();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('disconnect', () => void shutdown('parent gone'));
