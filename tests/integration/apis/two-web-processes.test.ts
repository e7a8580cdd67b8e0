import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../../helpers/wait';
import { probeUntilLive, startApiPortal, type ApiPortal } from './support';

/**
 * Production runs two web processes behind nginx. A learner's todo change
 * handled by one must reach their `todoChanged` subscription held by the
 * other (through Redis pub/sub), once.
 */

let p: ApiPortal;
let second: string;

beforeAll(async () => {
  p = await startApiPortal();
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
    type Change = { todoChanged: { kind: string; id: number } };
    const seen: Change[] = [];
    const stop = client.subscribe<Change>(
      { query: 'subscription { todoChanged { kind id } }' },
      { next: (v) => void (v.data && seen.push(v.data)), error: () => undefined, complete: () => undefined },
    );
    // Changes go to the first process; the subscription is live on the second once a probe change comes through.
    const probes = await probeUntilLive(p.api, () => seen.length > 0);
    const changes = () => seen.filter((c) => !probes.has(c.todoChanged.id));

    const created = (await (
      await p.api('/api/rest/todos', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"userId":1,"title":"across processes"}',
      })
    ).json()) as { id: number };
    // Exactly once: a later change arrives after any duplicate of the first would have (one ordered channel).
    await p.api(`/api/rest/todos/${created.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"completed":true}' });
    await until(() => changes().some((c) => c.todoChanged.kind === 'UPDATED'), 10_000, 'the UPDATED change on the second process');
    expect(changes()).toEqual([{ todoChanged: { kind: 'CREATED', id: created.id } }, { todoChanged: { kind: 'UPDATED', id: created.id } }]);
    // The second process reads the same SQLite copy.
    const there = await fetch(`${second}/api/rest/todos/${created.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await there.json()) as { title: string }).title).toBe('across processes');
    stop();
    await client.dispose();
  });
});
