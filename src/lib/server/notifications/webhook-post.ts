import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * The webhook's HTTP POST. In production a receiver must be a public host;
 * checking the name when the URL is saved is not enough (its DNS can later
 * point at 127.0.0.1 or a cloud metadata address), so the check runs again
 * inside the connection's own DNS lookup: the address checked is the address
 * connected to.
 */

/** Whether an IP address (v4, v6 or v4-mapped v6) is loopback, private, link-local, CGNAT, unspecified or multicast. */
export function isNonPublicAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return isNonPublicAddress(mapped[1]!);
  const v = isIP(a);
  if (v === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return x === 0 || x === 10 || x === 127 || x >= 224 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127);
  }
  if (v === 6) return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff');
  return false;
}

/** A dns.lookup for http.request that fails when any address of the name is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => isNonPublicAddress(a.address));
    if (blocked || addresses.length === 0) {
      const e = Object.assign(new Error(`${hostname} resolves to ${blocked ? `a non-public address (${blocked.address})` : 'no address'}`), { code: 'ENOTPUBLIC' });
      return callback(e, '', 0);
    }
    if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** POST `body` to `url`; resolves with the status once the answer's head arrives (the body is discarded). */
export function postWebhook(url: string, headers: Record<string, string>, body: string, opts: { publicOnly: boolean; timeoutMs: number }): Promise<number> {
  const u = new URL(url);
  if (opts.publicOnly && isIP(u.hostname.replace(/^\[|\]$/g, '')) && isNonPublicAddress(u.hostname)) {
    return Promise.reject(new Error(`${u.hostname} is not a public address`));
  }
  const send = u.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(opts.publicOnly ? { lookup: publicOnlyLookup } : {}),
      },
      (res) => {
        clearTimeout(timer);
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // One deadline for the whole call (a receiver that drips bytes never resets it).
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}
