import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiToken } from '../../../src/lib/server/auth/api-tokens';
import { sessionCookieName } from '../../../src/lib/server/auth/cookies';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { useDataDir } from '../../helpers/accounts';
import { postForm } from '../../helpers/auth-http';
import type { PortalProcess } from '../../helpers/portal';
import { makeCallers, startProductionPortal, type Callers } from './support';

/**
 * Ended credentials end everywhere at once: a token revoked or a session
 * logged out through one web process closes the sockets opened with it on
 * another process, and that process's API fast path stops honouring the
 * token, without waiting for any cache to time out.
 */

let portal: PortalProcess;
let other: { url: string };
let callers: Callers;

beforeAll(async () => {
  portal = await startProductionPortal();
  other = await portal.startWeb();
  callers = await makeCallers(portal.dataDir);
}, 60_000);

afterAll(async () => {
  await portal?.stop();
});

/** Open a socket on `base`; resolves once open, with a promise of its close code. */
async function openSocket(base: string, path: string, headers: Record<string, string>): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`, { headers });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, closed };
}

describe('ended credentials', () => {
  it('close sockets and empty the token cache in the other web process', async () => {
    useDataDir(portal.dataDir);
    const made = await createApiToken(callers.account.user.id, {
      kind: 'personal',
      name: 'to revoke',
      scopes: ['rest', 'realtime'],
      ttlMs: 3_600_000,
    });
    const auth = { authorization: `Bearer ${made.token}` };
    // Warm the other process's token cache, then hold a socket open there.
    expect((await fetch(`${other.url}/api/rest/todos/1`, { headers: auth })).status).toBe(200);
    const sock = await openSocket(other.url, '/ws/marketdata/BTCUSD', auth);

    const res = await postForm(portal.url, '/account/tokens', { action: 'revoke', token_id: made.record.id }, { cookie: callers.fullCookie });
    expect(res.status).toBe(303);
    expect(await sock.closed).toBe(4401);
    // The socket closing proves the announcement arrived; the cache was emptied by the same announcement.
    expect((await fetch(`${other.url}/api/rest/todos/1`, { headers: auth })).status).toBe(401);
  });

  it("close a session's sockets in the other process when it logs out", async () => {
    const sock = await openSocket(other.url, '/ws/notifications', { cookie: callers.fullCookie, origin: other.url });
    const res = await postForm(portal.url, '/logout', {}, { cookie: callers.fullCookie });
    expect(res.status).toBe(303);
    expect(await sock.closed).toBe(4401);
  });

  it("end a session's lesson tokens with it: HTTP answers 401 and their sockets close", async () => {
    useDataDir(portal.dataDir);
    const cookie = `${sessionCookieName()}=${(await createSession(callers.account.user.id, { twoFactorVerified: true })).token}`;
    const minted = await fetch(`${portal.url}/api/notebook/token`, {
      method: 'POST',
      headers: { cookie, origin: portal.url, 'content-type': 'application/json' },
      body: JSON.stringify({ lesson: 'a1-integration-protocols' }),
    });
    expect(minted.status).toBe(200);
    const { token } = (await minted.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${other.url}/api/rest/todos/1`, { headers: auth })).status).toBe(200);
    const sock = await openSocket(other.url, '/ws/echo', auth);
    expect((await postForm(portal.url, '/logout', {}, { cookie })).status).toBe(303);
    expect(await sock.closed).toBe(4401);
    expect((await fetch(`${other.url}/api/rest/todos/1`, { headers: auth })).status).toBe(401);
  });
});
