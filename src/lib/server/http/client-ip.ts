import type { IncomingMessage } from 'node:http';
import { unmapIPv4 } from './ip-address';

/**
 * The client's address. `X-Forwarded-For` is believed only with TRUST_PROXY
 * set, and then only its last hop (the one our own proxy appended), so a
 * client cannot choose its address by sending the header itself.
 */
export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return unmapIPv4(direct);
  const xff = req.headers['x-forwarded-for'];
  const value = Array.isArray(xff) ? xff.join(',') : xff;
  const last = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return unmapIPv4(last ?? direct);
}
