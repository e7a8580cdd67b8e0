import { isIP } from 'node:net';

/**
 * What kind of address an IP is, for the guards that depend on it: the
 * development pages (this machine only) and webhooks (public hosts only).
 */

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as the IPv4 address it carries; any other text as it is. */
export function unmapIPv4(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/**
 * Whether an address is this machine (127.0.0.0/8 or ::1, also IPv4-mapped).
 * Development-only pages are served to these alone, so a dev server bound to
 * 0.0.0.0 does not hand its mailbox (reset links) to the whole network.
 */
export function isLoopbackAddress(ip: string | null | undefined): boolean {
  if (!ip) return false;
  const v = unmapIPv4(ip.toLowerCase());
  return v === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v);
}

/** Whether an IP address (v4, v6 or v4-mapped v6) is loopback, private, link-local, CGNAT, unspecified or multicast. */
export function isNonPublicAddress(address: string): boolean {
  const a = unmapIPv4(address.replace(/^\[|\]$/g, '').toLowerCase());
  const v = isIP(a);
  if (v === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return x === 0 || x === 10 || x === 127 || x >= 224 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127);
  }
  if (v === 6) return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff');
  return false;
}
