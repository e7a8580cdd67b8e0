import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../helpers/net';
import { startApiPortal, type ApiPortal } from './apis/support';

/**
 * A client that sends its request and half-closes at once (`printf ... | nc -N`,
 * HTTP/1.0 tools, some proxies' health checks) still gets its answer. Node's
 * default dropped the request in flight on the client's FIN, so any answer
 * not written in the same turn was lost (found by a review helper).
 */

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  await p.portal.stop();
});

/** Send `request`, half-close at once, and return everything the server wrote before it closed. */
async function halfClosed(request: string): Promise<string> {
  return (await rawExchange(p.portal.url, request, { halfClose: true })).toString('latin1');
}

describe('a request followed at once by the client half-closing', () => {
  it.each(['1.0', '1.1'])('is answered over HTTP/%s on the API fast path, on an Astro page and with a body', async (version) => {
    const host = new URL(p.portal.url).host;
    const auth = `authorization: Bearer ${p.account.token}\r\n`;
    const body = '{"userId":1,"title":"half-closed"}';
    const requests: [string, string][] = [
      ['200', `GET /api/rest/todos/1 HTTP/${version}\r\nhost: ${host}\r\n${auth}\r\n`],
      ['200', `GET /login HTTP/${version}\r\nhost: ${host}\r\n\r\n`],
      [
        '201',
        `POST /api/rest/todos HTTP/${version}\r\nhost: ${host}\r\n${auth}content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      ],
      [
        '200',
        `POST /api/graphql HTTP/${version}\r\nhost: ${host}\r\n${auth}content-type: application/json\r\ncontent-length: 19\r\n\r\n{"query":"{hello}"}`,
      ],
    ];
    const statuses: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [status, request] of requests) {
        expected.push(status);
        statuses.push((await halfClosed(request)).slice(9, 12) || 'none');
      }
    }
    expect(statuses).toEqual(expected);
  });
});
