import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../../helpers/wait';
import { closed, openWs, probeUntilLive, startApiPortal, type ApiPortal } from './support';

/**
 * GraphQL subscriptions over graphql-transport-ws at /ws/graphql on the
 * built portal, with graphql-ws's own client: the market ticker, the
 * learner's todo changes made through REST, and the connection's limits.
 */

let p: ApiPortal;
let client: Client;

function clientFor(token: string): Client {
  class WithToken extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
    }
  }
  return createClient({ url: p.wsUrl('/ws/graphql'), webSocketImpl: WithToken, retryAttempts: 0, lazy: true });
}

function take<T>(c: Client, query: string, n: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const got: T[] = [];
    const stop = c.subscribe<T>(
      { query },
      {
        next: (v) => {
          // One market message can carry several ticks; those after the n-th (already queued when stop() runs) are not ours.
          if (got.length >= n) return;
          if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
          got.push(v.data as T);
          if (got.length === n) {
            stop();
            resolve(got);
          }
        },
        error: reject,
        complete: () => resolve(got),
      },
    );
  });
}

beforeAll(async () => {
  p = await startApiPortal();
  client = clientFor(p.account.token);
});
afterAll(async () => {
  await client.dispose();
  await p.portal.stop();
});

describe('/ws/graphql', () => {
  it('streams market ticks from the same feed as /ws/marketdata', async () => {
    type Tick = { ticker: { symbol: string; bestBid: string; bestAsk: string; eventId: number } };
    const ticks = await take<Tick>(client, 'subscription { ticker(symbol: "btcusd") { symbol bestBid bestAsk eventId } }', 3);
    expect(ticks.map((t) => t.ticker.symbol)).toEqual(['BTCUSD', 'BTCUSD', 'BTCUSD']);
    for (const t of ticks) expect(Number(t.ticker.bestBid)).toBeLessThan(Number(t.ticker.bestAsk));
    expect(ticks[2]!.ticker.eventId).toBeGreaterThan(ticks[0]!.ticker.eventId);
  });

  it('streams the learner’s own todo changes, whichever API makes them', async () => {
    type Change = { todoChanged: { kind: string; id: number; todo: { title: string; completed: boolean } | null } };
    const seen: Change[] = [];
    const stop = client.subscribe<Change>(
      { query: 'subscription { todoChanged { kind id todo { title completed } } }' },
      { next: (v) => void (v.data && seen.push(v.data)), error: () => undefined, complete: () => undefined },
    );
    const probes = await probeUntilLive(p.api, () => seen.length > 0);
    const changes = () => seen.filter((c) => !probes.has(c.todoChanged.id));
    // Someone else's change must not show up.
    const other = await p.newAccount();
    await p.api('/api/rest/todos/1', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' },
      body: '{"completed":true}',
    });
    const created = (await (
      await p.api('/api/rest/todos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":1,"title":"watch me"}' })
    ).json()) as { id: number };
    await p.api('/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { updateTodo(id: ${created.id}, changes: { completed: true }) { id } }` }),
    });
    await p.api(`/api/rest/todos/${created.id}`, { method: 'DELETE' });
    await until(() => changes().some((c) => c.todoChanged.kind === 'DELETED'), 10_000, 'the DELETED change');
    stop();
    expect(changes()).toEqual([
      { todoChanged: { kind: 'CREATED', id: created.id, todo: { title: 'watch me', completed: false } } },
      { todoChanged: { kind: 'UPDATED', id: created.id, todo: { title: 'watch me', completed: true } } },
      { todoChanged: { kind: 'DELETED', id: created.id, todo: null } },
    ]);
  });

  it('reports a bad symbol as a GraphQL error on that operation only', async () => {
    const result = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { ticker(symbol: "NOPE") { symbol } }' },
        { next: (v) => resolve(v), error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(result)).toContain('Unknown symbol NOPE');
  });

  it('refuses connections without the protocol (4406) or the scope (403)', async () => {
    const plain = await openWs(p.wsUrl('/ws/graphql'), { token: p.account.token, protocols: ['il.v1'] });
    expect((await closed(plain)).code).toBe(4406);
    const restOnly = await p.newAccount(['rest']);
    await expect(openWs(p.wsUrl('/ws/graphql'), { token: restOnly.token, protocols: ['graphql-transport-ws'] })).rejects.toThrow('HTTP 403');
  });

  it('limits operations per connection and messages per minute', async () => {
    const c = clientFor(p.account.token);
    const stops: Array<() => void> = [];
    // The eleventh operation is refused: wait for that error, not for a while.
    const refused = new Promise<string>((resolve) => {
      for (let i = 0; i < 11; i++) {
        stops.push(
          c.subscribe(
            { query: 'subscription { todoChanged { id } }' },
            { next: (v) => resolve(JSON.stringify(v)), error: (e) => resolve(JSON.stringify(e)), complete: () => undefined },
          ),
        );
      }
    });
    expect(await refused).toContain('At most 10 operations at once');
    stops.forEach((s) => s());
    await c.dispose();

    const raw = await openWs(p.wsUrl('/ws/graphql'), { token: p.account.token, protocols: ['graphql-transport-ws'] });
    const done = closed(raw);
    raw.send(JSON.stringify({ type: 'connection_init' }));
    for (let i = 0; i < 130; i++) raw.send(JSON.stringify({ type: 'ping' }));
    expect((await done).code).toBe(4429);
  });
});
