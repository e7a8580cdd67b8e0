import ipaddr from 'ipaddr.js';

/**
 * What kind of address an IP is, for the guards that depend on it: the
 * development pages (this machine only) and webhooks (public hosts only).
 * Parsing and range tables come from ipaddr.js, not from hand-written
 * prefixes: an address has many spellings (`::ffff:127.0.0.1`,
 * `::ffff:7f00:1`, `::127.0.0.1`, `[::1]`), and every one of them must land in
 * the same class.
 */

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

/** Parse an IP literal (brackets allowed; IPv4-mapped IPv6 becomes IPv4), or null when it is not one. */
function parseIp(text: string): Parsed | null {
  const t = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%[\w.-]+$/, '');
  // ipaddr.js also accepts IPv4 forms like "127.1" and "0x7f.1"; only full dotted quads and IPv6 count here.
  if (!ipaddr.IPv6.isValid(t) && !ipaddr.IPv4.isValidFourPartDecimal(t)) return null;
  try {
    return ipaddr.process(t);
  } catch {
    return null;
  }
}

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, `::ffff:102:304`) as the IPv4 address it carries; any other text as it is. */
export function unmapIPv4(ip: string): string {
  // Every request passes here (client-ip.ts): plain IPv4 and IPv6 without the mapped prefix need no parsing.
  if (!/^(?:0*:)*:?ffff:/i.test(ip)) return ip;
  const p = parseIp(ip);
  return p && p.kind() === 'ipv4' && ip.includes(':') ? p.toString() : ip;
}

/**
 * Whether an address is this machine (127.0.0.0/8 or ::1, in any spelling).
 * Development-only pages are served to these alone, so a dev server bound to
 * 0.0.0.0 does not hand its mailbox (reset links) to the whole network.
 */
export function isLoopbackAddress(ip: string | null | undefined): boolean {
  if (!ip) return false;
  return parseIp(ip)?.range() === 'loopback';
}

/** Whether an IPv6 address lies in 2000::/3, the only block IANA hands out as global unicast. */
function isGlobalUnicastBlock(p: ipaddr.IPv6): boolean {
  return (p.parts[0]! & 0xe000) === 0x2000;
}

/**
 * Whether an IP literal may be called by the server on a user's behalf: only
 * global unicast. Loopback, private, link-local, CGNAT, unspecified,
 * broadcast, multicast and every reserved or documentation range are not;
 * neither are IPv6 forms that carry an IPv4 address which might be private
 * (IPv4-compatible, NAT64 64:ff9b::/96, 6to4, Teredo), nor IPv6 outside
 * 2000::/3 (ipaddr.js calls unassigned space such as ::1:0:0:1 "unicast").
 * Text that is not an IP literal counts as not public.
 */
export function isPublicAddress(address: string): boolean {
  const p = parseIp(address);
  if (!p) return false;
  if (p.range() !== 'unicast') return false;
  return !(p instanceof ipaddr.IPv6) || isGlobalUnicastBlock(p);
}

/** Whether text is an IP literal (v4 dotted quad or v6, brackets allowed). */
export function isIpLiteral(text: string): boolean {
  return parseIp(text) !== null;
}
