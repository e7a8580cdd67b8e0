import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { getConfig } from '../config';
import { canonicalTarget } from '../http/canonical-path';
import { sanitizeForwardedHeaders } from '../http/forwarded-headers';
import { hostHeaderProblem } from '../http/host-header';
import { headerOf } from '../http/node-headers';
import { clientIp } from '../http/client-ip';
import { errorBody } from '../http/errors';
import { guardRequest, type GuardVerdict } from '../http/request-guard';
import { requestOrigin } from '../http/request-origin';
import { log, withRequestId } from '../log';
import { createCredentialWatch } from './credential-watch';
import { createKeepalive } from './keepalive';
import type { Principal } from '../auth/principal';
import type { RealtimeRoute } from './types';

/**
 * The WebSocket upgrade router: one `upgrade` listener on the HTTP server
 * (production) or Vite's dev server (development) dispatches `/ws/<name>` to
 * its route after the same access decision as every HTTP request
 * (http/request-guard.ts): canonical path, session valid with its second
 * factor passed, the route's scope, and for cookie upgrades our own Origin.
 * Token-authenticated upgrades may come from anywhere (the sandboxed code
 * cells have an opaque origin).
 */

const rlog = log.child({ mod: 'realtime' });

/** Generic subprotocol a browser offers next to `bearer.<token>` when the route speaks none of its own. */
export const GENERIC_PROTOCOL = 'il.v1';
const BEARER_PROTOCOL_PREFIX = 'bearer.';
const DEFAULT_MAX_PAYLOAD = 64 * 1024;
const DEFAULT_MAX_PER_USER = 20;

/** Options of the router; tests pass their own routes and origins. */
export interface RouterOptions {
  routes: Record<string, RealtimeRoute>;
  /** Origins allowed for cookie-authenticated upgrades besides the request's own. */
  allowedOrigins?: () => readonly string[];
  keepaliveIntervalMs?: number;
  /** How often open sockets' credentials are checked again besides on announcements (credential-watch.ts). */
  credentialRecheckMs?: number;
}

/** The router: attach `handleUpgrade` to a server's `upgrade` event. */
export interface UpgradeRouter {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every socket (1001 going away) and stop timers. */
  close(): Promise<void>;
  connectionCount(): number;
}

function refuse(socket: Duplex, status: number, message: string, extraHeaders: Record<string, string> = {}): void {
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ??
    'Error';
  const body = JSON.stringify(errorBody(reason.toLowerCase().replace(/ /g, '_'), message));
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...extraHeaders,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head}\r\n\r\n${body}`);
}

function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'];
  return (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Create the upgrade router over a table of routes. */
export function createUpgradeRouter(opts: RouterOptions): UpgradeRouter {
  const keepalive = createKeepalive(opts.keepaliveIntervalMs);
  const credentials = createCredentialWatch(opts.credentialRecheckMs);
  const perUser = new Map<string, number>();
  const servers = new Map<string, WebSocketServer>();

  function serverFor(name: string, route: RealtimeRoute): WebSocketServer {
    let wss = servers.get(name);
    if (!wss) {
      const own = route.protocols ?? [];
      wss = new WebSocketServer({
        noServer: true,
        maxPayload: route.maxPayload ?? DEFAULT_MAX_PAYLOAD,
        clientTracking: false,
        perMessageDeflate: false,
        // Never echo a bearer token back; pick the route's own protocol, else the generic one.
        handleProtocols: (offered) => {
          for (const p of own) if (offered.has(p)) return p;
          if (offered.has(GENERIC_PROTOCOL)) return GENERIC_PROTOCOL;
          return false;
        },
      });
      servers.set(name, wss);
    }
    return wss;
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const requestId = randomUUID().slice(0, 8);
    withRequestId(requestId, () => upgrade(req, socket, head, requestId));
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, requestId: string): void {
    socket.on('error', () => socket.destroy());
    // The same Host check, canonical path and guard as HTTP requests (http/canonical-entry.ts, http/request-guard.ts).
    const badHost = hostHeaderProblem(req.headers.host);
    if (badHost) return refuse(socket, 400, badHost);
    const config = getConfig();
    // The forwarding headers HTTP requests lose at server/web.ts, lost here too: the origin below reads X-Forwarded-Proto.
    sanitizeForwardedHeaders(req.headers, config.trustProxy);
    const target = canonicalTarget(req.url);
    if (!target.ok) return refuse(socket, target.status, target.message);
    const url = new URL(target.path + target.search, 'http://localhost');
    const segments = target.path.split('/').filter(Boolean);
    if (segments[0] !== 'ws' || !segments[1]) return refuse(socket, 404, 'No WebSocket endpoint here.');
    const name = segments[1];
    const route = Object.prototype.hasOwnProperty.call(opts.routes, name) ? opts.routes[name] : undefined;
    const params = segments.slice(2).map(decodeURIComponent);
    if (!route || (params.length > 0 && route.params !== 'some')) {
      return refuse(socket, 404, `No WebSocket endpoint at ${target.path}.`);
    }

    const ip = clientIp(req, config.trustProxy);
    const offered = offeredProtocols(req);
    const protocolToken = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))?.slice(BEARER_PROTOCOL_PREFIX.length) ?? null;
    const verdict = guardRequest({
      method: 'GET',
      pathname: target.path,
      search: target.search,
      origin: requestOrigin(req),
      header: (n) => headerOf(req, n),
      clientIp: ip,
      upgrade: { auth: route.auth, scope: route.scope, protocolToken, allowedOrigins: opts.allowedOrigins?.() ?? [] },
    });
    const admit = (verdict: GuardVerdict): void => {
      if (verdict.kind !== 'pass') {
        if (verdict.kind === 'refuse') return refuse(socket, verdict.status, verdict.message, verdict.headers);
        return refuse(socket, 400, 'Not a WebSocket request.');
      }
      accept(verdict.principal);
    };

    /** Hand an upgrade that passed the guard to its route. */
    const accept = (principal: Principal | null): void => {
      const who = principal ? `u${principal.user.id}` : `ip:${ip}`;
      const countKey = `${name}|${who}`;
      const current = perUser.get(countKey) ?? 0;
      if (current >= (route.maxPerUser ?? DEFAULT_MAX_PER_USER)) {
        return refuse(socket, 429, `Too many open connections to /ws/${name}; close some first.`, { 'Retry-After': '5' });
      }

      const wss = serverFor(name, route);
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) =>
        withRequestId(requestId, () => {
          // Socket events run in the context of the TCP connection, not of this upgrade: re-enter it, so every
          // line a message handler writes (deep in src/lib too) carries the connection's request id.
          const emitter = ws as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
          const emit = emitter.emit.bind(ws);
          emitter.emit = (event, ...args) => withRequestId(requestId, () => emit(event, ...args));
          perUser.set(countKey, (perUser.get(countKey) ?? 0) + 1);
          ws.once('close', () => {
            const n = (perUser.get(countKey) ?? 1) - 1;
            if (n <= 0) perUser.delete(countKey);
            else perUser.set(countKey, n);
          });
          ws.on('error', (err) => rlog.debug('socket error', { route: name, err }));
          keepalive.track(ws, route.idleTimeoutMs ?? 0);
          credentials.watch(ws, principal);
          const clog = rlog.child({ route: name, user: principal?.user.id ?? null });
          clog.debug('websocket connected', { via: principal?.kind ?? 'anonymous' });
          try {
            route.onConnection(ws, { principal, params, url, request: req, requestId, ip, log: clog });
          } catch (err) {
            clog.error('websocket route failed', { err });
            ws.close(1011, 'internal error');
          }
        }),
      );
    };

    if (!(verdict instanceof Promise)) return admit(verdict);
    verdict.then(
      (v) => {
        // The client may have gone while its credentials were looked up.
        if (!socket.destroyed) withRequestId(requestId, () => admit(v));
      },
      (err: unknown) => {
        rlog.error('websocket upgrade failed', { err });
        refuse(socket, 503, 'Unavailable right now; try again shortly.');
      },
    );
  }

  return {
    handleUpgrade,
    connectionCount: () => keepalive.size(),
    async close() {
      keepalive.stop();
      credentials.stop();
      for (const ws of [...keepalive.sockets()]) ws.close(1001, 'server shutting down');
      for (const wss of servers.values()) wss.close();
      servers.clear();
    },
  };
}
