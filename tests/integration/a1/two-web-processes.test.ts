import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startA1Portal, type A1Portal } from './support';

/**
 * Production runs two web processes behind nginx. A learner's todo change
 * handled by one must reach their `todoChanged` subscription held by the
 * other (through Redis pub/sub), once.
 */

let p: A1Portal;
let second: string;

beforeAll(async () => {
  p = await startA1Portal();
  second = (await p.portal.startWeb()).url;
});
afterAll(async () => {
  await p.portal.stop();
});

describe('two web processes', () => {
  it('deliver a change made on one to a subscription on the other, exactly once', async () => {
    const token = p.account.token;
    class WithToken extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
      }
    }
    const client = createClient({ url: `${second.replace(/^http/, 'ws')}/ws/graphql`, webSocketImpl: WithToken, retryAttempts: 0 });
    const seen: unknown[] = [];
    const stop = client.subscribe({ query: 'subscription { todoChanged { kind id } }' }, { next: (v) => seen.push(v.data), error: () => undefined, complete: () => undefined });
    await new Promise((r) => setTimeout(r, 700));

    const created = (await (await p.api('/api/rest/todos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":1,"title":"across processes"}' })).json()) as { id: number };
    const deadline = Date.now() + 5000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([{ todoChanged: { kind: 'CREATED', id: created.id } }]);
    // The second process reads the same SQLite copy.
    const there = await fetch(`${second}/api/rest/todos/${created.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await there.json()) as { title: string }).title).toBe('across processes');
    stop();
    await client.dispose();
  });
});
