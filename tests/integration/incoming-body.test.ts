import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/server/http/errors';
import { ClientGoneError } from '../../src/lib/server/http/body';
import { readIncomingText } from '../../src/lib/server/http/incoming-body';
import { until } from '../helpers/wait';

/**
 * readIncomingText (the API fast path's body reader) on a real node:http
 * server: whole bodies in one or many chunks, the size cap with and without
 * a Content-Length, strict UTF-8, and a connection that stays usable after
 * a refused body.
 */

const LIMIT = 1024;
let server: http.Server;
let port: number;
/** How each read the server started ended: 'ok', an ApiError code, 'client-gone' or 'unexpected'. */
const outcomes: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    readIncomingText(req, LIMIT).then(
      (text) => {
        outcomes.push('ok');
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text.length}:${text}`);
      },
      (err: unknown) => {
        outcomes.push(err instanceof ApiError ? err.code : err instanceof ClientGoneError ? 'client-gone' : 'unexpected');
        res.writeHead(err instanceof ApiError ? err.status : 500).end(err instanceof ApiError ? err.code : 'unexpected');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Send a body in the given chunks (chunked encoding, no Content-Length) on a keep-alive agent. */
function send(chunks: Buffer[], agent: http.Agent, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    (async () => {
      for (const c of chunks) {
        req.write(c);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    })().catch(reject);
  });
}

describe('readIncomingText', () => {
  it('joins a body sent in several chunks, multi-byte characters split across them', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const bytes = Buffer.from('grüße 🔐 done');
    const res = await send([bytes.subarray(0, 4), bytes.subarray(4, 9), bytes.subarray(9)], agent);
    expect(res).toEqual({ status: 200, body: `${'grüße 🔐 done'.length}:grüße 🔐 done` });
    expect(await send([], agent)).toEqual({ status: 200, body: '0:' });
    agent.destroy();
  });

  it('refuses a body past the cap with 413, with or without Content-Length, and the connection serves the next call', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send([Buffer.alloc(600, 97), Buffer.alloc(600, 97)], agent)).status).toBe(413);
    expect(await send([Buffer.from('after')], agent)).toEqual({ status: 200, body: '5:after' });
    const declared = Buffer.alloc(LIMIT + 1, 97);
    expect((await send([declared], agent, { 'content-length': String(declared.length) })).status).toBe(413);
    expect((await send([Buffer.alloc(LIMIT, 97)], agent)).status).toBe(200);
    agent.destroy();
  });

  it('refuses bytes that are not UTF-8 with 400 invalid_encoding', async () => {
    const agent = new http.Agent({ keepAlive: true });
    expect(await send([Buffer.from([0x7b, 0xff, 0xfe, 0x7d])], agent)).toEqual({ status: 400, body: 'invalid_encoding' });
    agent.destroy();
  });

  it('says the client went away (not a server failure) when the connection closes mid-body', async () => {
    outcomes.length = 0;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it');
    await until(() => socket.bytesWritten > 60);
    socket.destroy();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual(['client-gone']);
  });
});
