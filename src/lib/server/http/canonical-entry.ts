import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalTarget } from './canonical-path';
import { errorBody } from './errors';

/**
 * The entry step of every HTTP server we run (server/web.ts, the dev
 * server): replace `req.url` with its canonical spelling so that the access
 * policy and the routers behind it see the same path, or answer 400/414 when
 * the path cannot be made canonical. Returns false when it answered.
 */
export function canonicalizeRequestUrl(req: IncomingMessage, res: ServerResponse): boolean {
  const target = canonicalTarget(req.url);
  if (target.ok) {
    if (target.changed) req.url = target.path + target.search;
    return true;
  }
  const body = JSON.stringify(errorBody('bad_path', target.message));
  res.writeHead(target.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
  return false;
}
