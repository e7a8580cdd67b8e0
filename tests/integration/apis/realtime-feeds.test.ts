import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { closed, messages, openWs, startApiPortal, type ApiPortal } from './support';

/**
 * /ws/echo and /ws/marketdata on the built portal with real clients: echo
 * of text and binary, the Gemini v1 message format and options, a book that
 * stays consistent, heartbeats, limits, and clear closes.
 */

interface Change {
  type: 'change';
  side: 'bid' | 'ask';
  price: string;
  remaining: string;
  delta: string;
  reason: string;
}
interface Trade {
  type: 'trade';
  tid: number;
  price: string;
  amount: string;
  makerSide: 'bid' | 'ask';
}
interface Update {
  type: 'update' | 'heartbeat';
  eventId: number;
  socket_sequence: number;
  timestamp: number;
  timestampms: number;
  events: Array<Change | Trade>;
}

let p: ApiPortal;
const open: WebSocket[] = [];
const track = (ws: WebSocket) => (open.push(ws), ws);

beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await p.portal.stop();
});

describe('/ws/echo', () => {
  it('echoes text as text and binary as binary', async () => {
    const ws = track(await openWs(p.wsUrl('/ws/echo'), { token: p.account.token }));
    const inbox = messages(ws);
    ws.send('hello, server');
    expect(await inbox.next()).toEqual({ data: Buffer.from('hello, server'), binary: false });
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    ws.send(bytes);
    expect(await inbox.next()).toEqual({ data: bytes, binary: true });
    ws.close();
  });

  it('cuts off a client that sends without reading (4429), instead of buffering for ever', async () => {
    const ws = track(await openWs(p.wsUrl('/ws/echo'), { token: p.account.token }));
    ws.pause();
    const done = closed(ws, 20_000);
    const chunk = Buffer.alloc(60 * 1024, 7);
    let sent = 0;
    while (ws.readyState === ws.OPEN && sent < 1000) {
      ws.send(chunk);
      sent++;
      if (sent % 20 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    ws.resume();
    const { code, reason } = await done;
    expect(code).toBe(4429);
    expect(reason).toContain('slow consumer');
  });

  it('refuses frames over 64 KiB with 1009', async () => {
    const ws = track(await openWs(p.wsUrl('/ws/echo'), { token: p.account.token }));
    const done = closed(ws);
    ws.send(Buffer.alloc(70 * 1024));
    expect((await done).code).toBe(1009);
  });
});

describe('/ws/marketdata', () => {
  it('speaks Gemini v1: an initial book at sequence 0, then updates whose changes keep the book consistent', async () => {
    const ws = track(await openWs(p.wsUrl('/ws/marketdata/BTCUSD'), { token: p.account.token }));
    const inbox = messages(ws);
    const first = await inbox.json<Update>();
    expect(first).toMatchObject({ type: 'update', socket_sequence: 0 });
    expect(first.events.length).toBeGreaterThan(10);
    const book = { bid: new Map<string, number>(), ask: new Map<string, number>() };
    for (const e of first.events as Change[]) {
      expect(e).toMatchObject({ type: 'change', reason: 'initial' });
      expect(e.delta).toBe(e.remaining);
      book[e.side].set(e.price, Number(e.remaining));
    }
    let lastEvent = first.eventId;
    for (let seq = 1; seq <= 25; seq++) {
      const u = await inbox.json<Update>();
      expect(u.type).toBe('update');
      expect(u.socket_sequence).toBe(seq);
      expect(u.eventId).toBeGreaterThan(lastEvent);
      expect(u.timestamp).toBe(Math.floor(u.timestampms / 1000));
      lastEvent = u.eventId;
      for (const e of u.events) {
        if (e.type === 'trade') {
          expect(e.tid).toBe(u.eventId);
          expect(Number(e.amount)).toBeGreaterThan(0);
          continue;
        }
        expect(['place', 'cancel', 'trade']).toContain(e.reason);
        const before = book[e.side].get(e.price) ?? 0;
        expect(Number((before + Number(e.delta)).toFixed(8))).toBe(Number(e.remaining));
        if (Number(e.remaining) === 0) book[e.side].delete(e.price);
        else book[e.side].set(e.price, Number(e.remaining));
      }
      const bestBid = Math.max(...[...book.bid.keys()].map(Number));
      const bestAsk = Math.min(...[...book.ask.keys()].map(Number));
      expect(bestBid).toBeLessThan(bestAsk);
    }
    ws.close();
  });

  it('honours the v1 options: trades only, top of book, heartbeats in the same sequence', async () => {
    const tradesOnly = track(await openWs(p.wsUrl('/ws/marketdata/ethusd?trades=true'), { token: p.account.token }));
    const top = track(await openWs(p.wsUrl('/ws/marketdata/BTCUSD?top_of_book=true&heartbeat=true'), { token: p.account.token }));
    const t = messages(tradesOnly);
    const b = messages(top);
    expect((await t.json<Update>()).events).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await t.json<Update>(15_000)).events.every((e) => e.type === 'trade')).toBe(true);
    const initial = await b.json<Update>();
    expect(initial.events.map((e) => (e as Change).side)).toEqual(['bid', 'ask']);
    let sawHeartbeat = false;
    for (let seq = 1; !sawHeartbeat; seq++) {
      const m = await b.json<Update>(7000);
      expect(m.socket_sequence).toBe(seq);
      if (m.type === 'heartbeat') {
        expect(Object.keys(m)).toEqual(['type', 'socket_sequence']);
        sawHeartbeat = true;
      } else {
        for (const e of m.events) expect(e.type === 'trade' || e.reason === 'top-of-book').toBe(true);
      }
    }
    tradesOnly.close();
    top.close();
  });

  it('closes unknown symbols (4404) and bad options (4400) with a reason that says what to do', async () => {
    const unknown = track(await openWs(p.wsUrl('/ws/marketdata/DOGEEUR'), { token: p.account.token }));
    expect(await closed(unknown)).toEqual({ code: 4404, reason: expect.stringMatching(/unknown symbol DOGEEUR; try BTCUSD, ETHUSD/) });
    const bad = track(await openWs(p.wsUrl('/ws/marketdata/BTCUSD?heartbeat=often'), { token: p.account.token }));
    expect(await closed(bad)).toEqual({ code: 4400, reason: 'heartbeat must be true or false' });
  });

  it('needs a login with the realtime scope, and limits connections per user', async () => {
    await expect(openWs(p.wsUrl('/ws/marketdata/BTCUSD'))).rejects.toThrow('HTTP 401');
    const restOnly = await p.newAccount(['rest']);
    await expect(openWs(p.wsUrl('/ws/marketdata/BTCUSD'), { token: restOnly.token })).rejects.toThrow('HTTP 403');
    const someone = await p.newAccount(['realtime']);
    const eight = await Promise.all(Array.from({ length: 8 }, () => openWs(p.wsUrl('/ws/marketdata/SOLUSD'), { token: someone.token })));
    eight.forEach(track);
    await expect(openWs(p.wsUrl('/ws/marketdata/SOLUSD'), { token: someone.token })).rejects.toThrow('HTTP 429');
    for (const ws of eight) ws.close();
  });

  it('closes a client that floods the read-only feed (1008)', async () => {
    const ws = track(await openWs(p.wsUrl('/ws/marketdata/LTCUSD'), { token: p.account.token }));
    const done = closed(ws);
    for (let i = 0; i < 30; i++) ws.send(`spam ${i}`);
    expect((await done).code).toBe(1008);
  });
});
