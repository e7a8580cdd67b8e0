import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { until } from '../helpers/wait';

/**
 * A client that hangs up halfway through its request body is nobody's
 * failure: every front (Astro's pages, the login and API fast paths) drops
 * it quietly. Before, a form post cut short on an Astro page surfaced as
 * ECONNRESET inside the body stream, which read as "database unavailable"
 * (a warning and a 503 for nobody) to the outage handler.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { NODE_ENV: 'production', LOG_LEVEL: 'debug' } });
});
afterAll(async () => {
  await portal?.stop();
});

/** Send the head of a POST to `path` and `sent` bytes of a longer declared body, then close the connection. */
async function hangUpMidBody(path: string, contentType: string, sent: string): Promise<void> {
  const u = new URL(portal.url);
  const socket = net.connect(Number(u.port), u.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: ${u.host}\r\norigin: ${portal.url}\r\ncontent-type: ${contentType}\r\ncontent-length: ${sent.length + 500}\r\n\r\n${sent}`,
  );
  await new Promise((r) => setTimeout(r, 150));
  socket.destroy();
}

const FORM = 'application/x-www-form-urlencoded';

describe('a client that hangs up mid-body', () => {
  it.each([
    ['an Astro page form (sign-up)', '/signup', FORM, 'email=a%40example.test&pass'],
    ['the login fast path', '/login', FORM, 'email=a%40example.test&pass'],
    ['the REST fast path', '/api/rest/todos', 'application/json', '{"title":"half'],
  ])('on %s is dropped quietly: no outage warning, no error', async (_name, path, type, sent) => {
    const before = portal.output().length;
    await hangUpMidBody(path, type, sent);
    // The server's side of the hang-up is logged at debug level once noticed.
    await until(() => /went away|database unavailable|"msg":"request"/.test(portal.output().slice(before)), 5000);
    await new Promise((r) => setTimeout(r, 200));
    const logged = portal.output().slice(before);
    expect(logged).not.toMatch(/database unavailable/i);
    expect(logged).not.toMatch(/"level":"(error|fatal)"/);
    // And the portal goes on answering.
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
  });
});
