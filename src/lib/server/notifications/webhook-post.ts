import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isNonPublicAddress } from '../http/ip-address';

/**
 * The webhook's HTTP POST. In production a receiver must be a public host;
 * checking the name when the URL is saved is not enough (its DNS can later
 * point at 127.0.0.1 or a cloud metadata address), so the check runs again
 * inside the connection's own DNS lookup: the address checked is the address
 * connected to.
 */

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
