import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Scope } from '../../shared/scopes';
import type { Principal } from '../auth/principal';
import type { Logger } from '../log';

/** What a WebSocket route knows about the connection it is handed. */
export interface RealtimeContext {
  principal: Principal | null;
  /** Path segments after `/ws/<name>/`, already URI-decoded. */
  params: string[];
  url: URL;
  request: IncomingMessage;
  requestId: string;
  ip: string;
  log: Logger;
}

/** One WebSocket endpoint, mounted at `/ws/<name>`. */
export interface RealtimeRoute {
  /** `required`: anonymous upgrades get 401. `optional`: anyone may connect. */
  auth: 'required' | 'optional';
  /** Scope a token must carry (sessions may use every scope). */
  scope?: Scope;
  /** Largest frame accepted; bigger ones close the socket with 1009. */
  maxPayload?: number;
  /** Close when the client has sent nothing for this long (0: never). */
  idleTimeoutMs?: number;
  /** Most simultaneous connections per user (or per IP for anonymous ones). */
  maxPerUser?: number;
  /** Application subprotocols this route speaks, in order of preference. */
  protocols?: readonly string[];
  /** Accept extra path segments after the name (`/ws/marketdata/BTCUSD`). */
  params?: 'none' | 'some';
  onConnection(ws: WebSocket, ctx: RealtimeContext): void;
}
