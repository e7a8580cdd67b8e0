import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../../src/lib/server/http/ip-address';
import { postWebhook, publicOnlyLookup } from '../../../src/lib/server/notifications/webhook-post';

/**
 * The webhook POST: a real local receiver answers; in production mode
 * (publicOnly) a name that resolves to a loopback address is refused inside
 * the connection's own DNS lookup, so DNS cannot swap the address after a check.
 */

let server: http.Server;
let port: number;
const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('isPublicAddress', () => {
  it('knows loopback, private, link-local, CGNAT, multicast and mapped addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '[::1]',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });
});

describe('publicOnlyLookup', () => {
  it('refuses a name that resolves to loopback and passes a public literal through', async () => {
    const look = (host: string) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        publicOnlyLookup(host, {}, (err, address) => resolve({ err, address })),
      );
    const local = await look('localhost');
    expect(local.err?.code).toBe('ENOTPUBLIC');
    expect(local.err?.message).toMatch(/^localhost resolves to a non-public address/);
    const pub = await look('8.8.8.8');
    expect(pub.err).toBeNull();
    expect(pub.address).toBe('8.8.8.8');
  });
});

describe('postWebhook', () => {
  it('posts the body with its headers and answers the status', async () => {
    const status = await postWebhook(`http://127.0.0.1:${port}/hook`, { 'content-type': 'application/json', 'x-sig': 's' }, '{"a":1}', {
      publicOnly: false,
      timeoutMs: 2000,
    });
    expect(status).toBe(204);
    expect(seen.at(-1)).toMatchObject({ body: '{"a":1}', headers: { 'x-sig': 's', 'content-length': '7' } });
  });

  it('in production refuses loopback by name (at connect time) and by literal, sending nothing', async () => {
    const before = seen.length;
    await expect(postWebhook(`http://localhost:${port}/hook`, {}, 'x', { publicOnly: true, timeoutMs: 2000 })).rejects.toThrow(/non-public address/);
    await expect(postWebhook(`http://127.0.0.1:${port}/hook`, {}, 'x', { publicOnly: true, timeoutMs: 2000 })).rejects.toThrow(
      /not a public address/,
    );
    expect(seen.length).toBe(before);
  });

  it('gives up on a receiver that never answers', async () => {
    await expect(postWebhook(`http://127.0.0.1:${port}/hang`, {}, 'x', { publicOnly: false, timeoutMs: 200 })).rejects.toThrow(
      'no answer within 200 ms',
    );
  });
});
