import { createNodeRedisClient, Queue } from 'bullmq';
import { createClient } from 'redis';
import WebSocket from 'ws';
import type { PortalProcess } from '../../helpers/portal';
import { TEST_REDIS_URL } from '../../helpers/redis';
import { until } from '../../helpers/wait';
import type { InboxServerMessage } from '../../../src/lib/shared/notifications/types';

/** Small helpers for the notification tests: JSON calls and an inbox socket that collects messages. */

/** Call the portal's JSON API with a bearer token. */
export async function api(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON each endpoint answers
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** An open `/ws/notifications` socket and everything it received. */
export interface InboxSocket {
  ws: WebSocket;
  messages: InboxServerMessage[];
  /** Resolve with the first message (already received or future) that passes `test`. */
  waitFor(test: (m: InboxServerMessage) => boolean, timeoutMs?: number): Promise<InboxServerMessage>;
  close(): Promise<void>;
}

/** Open the inbox socket with a token; resolves after the first `sync`. */
export async function openInbox(base: string, token: string, after?: number): Promise<InboxSocket> {
  const url = `${base.replace(/^http/, 'ws')}/ws/notifications${after === undefined ? '' : `?after=${after}`}`;
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const messages: InboxServerMessage[] = [];
  const waiters: Array<{ test: (m: InboxServerMessage) => boolean; resolve: (m: InboxServerMessage) => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as InboxServerMessage;
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.test(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const sock: InboxSocket = {
    ws,
    messages,
    waitFor(test, timeoutMs = 15_000) {
      const found = messages.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`)),
          timeoutMs,
        );
        waiters.push({ test, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await sock.waitFor((m) => m.type === 'sync');
  return sock;
}

export { until };

/** BullMQ handles on a test portal's queues over one Redis connection of the test's own. */
export interface PortalQueues {
  /** The queue named `name` (default `notifications`) under the portal's prefix. */
  queue(name?: string): Queue;
  close(): Promise<void>;
}

/** Open the test's view of the portal's queues, to inspect or plant jobs the way a worker sees them. */
export async function openPortalQueues(portal: PortalProcess): Promise<PortalQueues> {
  const redis = createClient({ url: TEST_REDIS_URL });
  await redis.connect();
  const queues = new Map<string, Queue>();
  return {
    queue(name = 'notifications') {
      let q = queues.get(name);
      if (!q) queues.set(name, (q = new Queue(name, { connection: createNodeRedisClient(redis), prefix: `{${portal.redisPrefix}}` })));
      return q;
    },
    async close() {
      for (const q of queues.values()) await q.close();
      await redis.close();
    },
  };
}
