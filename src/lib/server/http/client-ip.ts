import type { IncomingMessage } from 'node:http';

/**
 * The client's address. `X-Forwarded-For` is believed only with TRUST_PROXY
 * set, and then only its last hop (the one our own proxy appended), so a
 * client cannot choose its address by sending the header itself.
 */
export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return normalise(direct);
  const xff = req.headers['x-forwarded-for'];
  const value = Array.isArray(xff) ? xff.join(',') : xff;
  const last = value?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return normalise(last ?? direct);
}

function normalise(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * Whether an address is this machine (127.0.0.0/8 or ::1, also IPv4-mapped).
 * Development-only pages are served to these alone, so a dev server bound to
 * 0.0.0.0 does not hand its mailbox (reset links) to the whole network.
 */
export function isLoopbackAddress(ip: string | null | undefined): boolean {
  if (!ip) return false;
  const v = normalise(ip.toLowerCase());
  return v === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v);
}
