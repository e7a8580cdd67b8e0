import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalTarget } from './canonical-path';
import { errorBody } from './errors';
import { hostHeaderProblem } from './host-header';

/**
 * The entry step of every HTTP server we run (server/web.ts, the dev
 * server): replace `req.url` with its canonical spelling so that the access
 * policy and the routers behind it see the same path, or answer 400/414 when
 * the path cannot be made canonical, or the Host header is not a host
 * (host-header.ts). Returns false when it answered.
 */
export function canonicalizeRequestUrl(req: IncomingMessage, res: ServerResponse): boolean {
  const badHost = hostHeaderProblem(req.headers.host);
  if (badHost) return refuse(res, 400, 'bad_host', badHost);
  const target = canonicalTarget(req.url);
  if (target.ok) {
    if (target.changed) req.url = target.path + target.search;
    return true;
  }
  return refuse(res, target.status, 'bad_path', target.message);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): false {
  const body = JSON.stringify(errorBody(code, message));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
  return false;
}
