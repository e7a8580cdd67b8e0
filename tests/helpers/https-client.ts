import http from 'node:http';
import https from 'node:https';

/**
 * A bare HTTP(S) client for tests that look at the wire: it trusts a given CA
 * (the test's self-signed certificate), never follows redirects, never
 * decompresses, and keeps repeated headers (several Set-Cookie) apart.
 */

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Header lines as sent, for counting duplicates. */
  rawHeaders: string[];
  body: Buffer;
  text: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  ca?: string;
}

/** Send one request on a fresh connection and read the whole answer. */
export function rawRequest(url: string, opts: RawRequest = {}): Promise<RawResponse> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** How many times a header name occurs in a response (case-insensitive). */
export function headerCount(res: RawResponse, name: string): number {
  return res.rawHeaders.filter((_, i) => i % 2 === 0).filter((h) => h.toLowerCase() === name.toLowerCase()).length;
}
