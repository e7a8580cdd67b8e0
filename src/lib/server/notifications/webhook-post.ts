import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIpLiteral, isPublicAddress } from '../http/ip-address';

/**
 * The webhook's HTTP POST. In production a receiver must be a public host;
 * checking the name when the URL is saved is not enough (its DNS can later
 * point at 127.0.0.1 or a cloud metadata address), so the check runs again
 * inside the connection's own DNS lookup: the address checked is the address
 * connected to. Node skips the lookup for IP literals, so those are checked
 * here before connecting.
 */

/** Why a host may not be called; `ENOTPUBLIC` errors carry it. */
function notPublic(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: 'ENOTPUBLIC' });
}

/** Every address a host name (or IP literal) stands for, all of which must be public; rejects otherwise. */
export function resolvePublicAddresses(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    publicOnlyLookup(hostname, { all: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses as unknown as LookupAddress[]);
    });
  });
}

/** A dns.lookup for http.request that fails when any address of the name is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  dnsLookup(host, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked || addresses.length === 0) {
      return callback(notPublic(`${hostname} resolves to ${blocked ? `a non-public address (${blocked.address})` : 'no address'}`), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** POST `body` to `url`; resolves with the status once the answer's head arrives (the body is discarded). */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { publicOnly: boolean; timeoutMs: number },
): Promise<number> {
  const u = new URL(url);
  if (opts.publicOnly && isIpLiteral(u.hostname) && !isPublicAddress(u.hostname)) {
    return Promise.reject(notPublic(`${u.hostname} is not a public address`));
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
