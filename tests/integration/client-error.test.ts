import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError, clientErrorStatus } from '../../src/lib/server/http/client-error';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * Requests Node's parser refuses get the status Node itself would give them
 * (431 for oversized headers, 408 for a client too slow, 400 for garbage),
 * a short plain-text body and a closed connection; before, every one was a
 * bare 400.
 */

/** Write `raw` to a server and return the status line's code and the whole answer once it closes the connection. */
function rawExchange(port: number, raw: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(raw);
    });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (text += c));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', reject);
  });
}

describe('answerClientError', () => {
  it('maps parser error codes as Node does', () => {
    expect(clientErrorStatus('HPE_HEADER_OVERFLOW')).toBe(431);
    expect(clientErrorStatus('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toBe(413);
    expect(clientErrorStatus('ERR_HTTP_REQUEST_TIMEOUT')).toBe(408);
    expect(clientErrorStatus('HPE_INVALID_METHOD')).toBe(400);
    expect(clientErrorStatus(undefined)).toBe(400);
  });

  it('answers a client too slow to send its headers with 408 on a real server', async () => {
    const server = http.createServer({ connectionsCheckingInterval: 100 }, (_req, res) => res.end('ok'));
    server.headersTimeout = 500;
    server.requestTimeout = 1000;
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await rawExchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nx-slow: ');
      expect(answer.status).toBe(408);
      expect(answer.text).toMatch(/connection: close/i);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the portal’s answers to what the parser refuses', () => {
  let portal: PortalProcess;
  beforeAll(async () => {
    portal = await startPortal({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('431 for headers past the limit, 400 for a malformed request, with no internals in the body', async () => {
    const big = await rawExchange(portal.port, `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    const garbage = await rawExchange(portal.port, 'G@T / HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(garbage.status).toBe(400);
    for (const answer of [big, garbage]) {
      expect(answer.text).not.toMatch(/HPE_|Error|at /);
    }
    // The portal goes on answering.
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
  });
});
