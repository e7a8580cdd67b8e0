import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpHttp } from '../helpers/auth-http';
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

/** Send the head of a POST to `path` and `sent` bytes of a longer declared body, then close the connection after `waitMs`. */
async function hangUpMidBody(path: string, contentType: string, sent: string, opts: { cookie?: string; waitMs?: number } = {}): Promise<void> {
  const u = new URL(portal.url);
  const socket = net.connect(Number(u.port), u.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  const cookie = opts.cookie ? `cookie: ${opts.cookie}\r\n` : '';
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: ${u.host}\r\norigin: ${portal.url}\r\n${cookie}content-type: ${contentType}\r\ncontent-length: ${sent.length + 500}\r\n\r\n${sent}`,
  );
  await new Promise((r) => setTimeout(r, opts.waitMs ?? 150));
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

  it('on the REST fast path while its session is looked up is dropped quietly too, and creates nothing', async () => {
    const { cookie } = await signUpHttp(portal.url);
    const before = portal.output().length;
    // Gone before the guard has found the session: the body stream is already destroyed when the route wants it
    // (it was a TypeError from new Request, logged as an error with its stack and answered 500).
    for (let i = 0; i < 5; i++) await hangUpMidBody('/api/rest/todos', 'application/json', '{"userId":1,"title":"cut-short"', { cookie, waitMs: 0 });
    await until(
      () =>
        (
          portal
            .output()
            .slice(before)
            .match(/went away|"level":"error"/g) ?? []
        ).length >= 5,
      5000,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(portal.output().slice(before)).not.toMatch(/"level":"(error|fatal)"/);
    const left = await fetch(`${portal.url}/api/rest/todos?title=cut-short`, { headers: { cookie } });
    expect(left.status).toBe(200);
    expect(await left.json()).toEqual([]);
  });

  it.each([
    ['the GraphQL fast path', '/api/graphql', 'application/json', '{"query":"{ __typename'],
    ['the login fast path', '/login', FORM, 'email=a%40example.test&pass'],
  ])('on %s while its session is looked up is noticed, not left waiting for a body that never comes', async (_name, path, type, sent) => {
    const { cookie } = await signUpHttp(portal.url);
    const before = portal.output().length;
    // Gone before the body is listened for: its 'error' and 'aborted' events have passed, and 'end' never comes.
    for (let i = 0; i < 5; i++) await hangUpMidBody(path, type, sent, { cookie, waitMs: 0 });
    await until(
      () =>
        (
          portal
            .output()
            .slice(before)
            .match(/went away/g) ?? []
        ).length >= 5,
      5000,
      'five "went away" lines',
    );
    expect(portal.output().slice(before)).not.toMatch(/"level":"(error|fatal)"/);
  });
});
