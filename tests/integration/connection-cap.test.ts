import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { until } from '../helpers/wait';

/**
 * MAX_CONNECTIONS caps the connections one web process holds
 * (http/connection-cap.ts): one over the cap is closed on arrival, counted
 * in /metrics and logged, and the process serves again once connections go.
 */

const MAX = 6;
const METRICS_TOKEN = 'connection-cap-test-token-0123456789';
let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { MAX_CONNECTIONS: String(MAX), METRICS_TOKEN } });
});
afterAll(async () => {
  await portal?.stop();
});

/** Open a connection and ask for /api/health on it: 'answered' (left open), or 'closed' when the server shut it unanswered. */
function openAndAsk(): Promise<{ socket: net.Socket; outcome: 'answered' | 'closed' }> {
  return new Promise((resolve) => {
    const u = new URL(portal.url);
    const socket = net.connect(Number(u.port), u.hostname);
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      data += d;
      if (data.includes('\r\n\r\n')) resolve({ socket, outcome: 'answered' });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ socket, outcome: data ? 'answered' : 'closed' }));
    socket.on('connect', () => socket.write(`GET /api/health HTTP/1.1\r\nhost: ${u.host}\r\n\r\n`));
  });
}

describe('MAX_CONNECTIONS', () => {
  it('closes a connection over the cap on arrival, counts and logs it, and serves again once others close', async () => {
    const held: net.Socket[] = [];
    let answered = 0;
    let refused = false;
    // The test's own fetch keep-alive connections may hold a few of the places: at most MAX opens can succeed.
    for (let i = 0; i <= MAX && !refused; i++) {
      const { socket, outcome } = await openAndAsk();
      held.push(socket);
      if (outcome === 'answered') answered++;
      else refused = true;
    }
    expect(refused).toBe(true);
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(answered).toBeLessThanOrEqual(MAX);
    await until(() => portal.output().includes('connections refused: the process holds MAX_CONNECTIONS'), 5000);

    for (const s of held) s.destroy();
    // Once the held connections are gone the process answers again, /metrics included.
    await until(async () => (await fetch(`${portal.url}/api/health`).catch(() => null))?.status === 200, 5000);
    const metrics = await fetch(`${portal.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    const dropped = Number(/^interview_lab_http_connections_dropped_total (\d+)/m.exec(await metrics.text())?.[1]);
    expect(dropped).toBeGreaterThanOrEqual(1);
  });
});
