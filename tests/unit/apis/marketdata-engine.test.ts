import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketEngine, type ChangeEvent, type MarketUpdate } from '../../../src/lib/server/marketdata/engine';
import { heartbeatMessage, initialMessage, parseFeedOptions, updateFrame, type FeedOptions } from '../../../src/lib/server/marketdata/gemini-format';
import { findSymbol, SYMBOLS } from '../../../src/lib/server/marketdata/symbols';

/**
 * The simulated market: a client that applies the change events to the
 * initial book must hold exactly the engine's book after any number of
 * steps; the book never crosses or empties; the same seed replays the same
 * events; and the Gemini formatting follows the v1 options.
 */

type Book = Record<'bid' | 'ask', Map<string, string>>;

function bookFrom(levels: ChangeEvent[]): Book {
  const book: Book = { bid: new Map(), ask: new Map() };
  for (const e of levels) book[e.side].set(e.price, e.remaining);
  return book;
}

function apply(book: Book, u: MarketUpdate): void {
  for (const e of u.events) {
    if (e.type !== 'change') continue;
    if (Number(e.remaining) === 0) book[e.side].delete(e.price);
    else book[e.side].set(e.price, e.remaining);
  }
}

describe('MarketEngine', () => {
  it('keeps a replayed book equal to its own, uncrossed and non-empty, for any seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYMBOLS), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 400 }), (spec, seed, steps) => {
        const engine = new MarketEngine(spec, seed);
        const snap = engine.snapshot(0);
        const book = bookFrom([...snap.bids, ...snap.asks]);
        let lastEventId = snap.eventId;
        for (let i = 0; i < steps; i++) {
          const u = engine.step(1000 + i);
          expect(u.eventId).toBeGreaterThan(lastEventId);
          lastEventId = u.eventId;
          for (const e of u.events) {
            if (e.type === 'change' && e.reason !== 'place') expect(Number(e.delta)).toBeLessThan(0);
            if (e.type === 'change' && e.reason === 'place') expect(Number(e.delta)).toBeGreaterThan(0);
          }
          apply(book, u);
          const bestBid = engine.book.best('bid');
          const bestAsk = engine.book.best('ask');
          expect(bestBid).toBeDefined();
          expect(bestAsk).toBeDefined();
          expect(bestBid!).toBeLessThan(bestAsk!);
        }
        const now = engine.snapshot();
        expect(book).toEqual(bookFrom([...now.bids, ...now.asks]));
      }),
      { numRuns: 60 },
    );
  });

  it('reports a trade as a trade event plus a trade change on the maker side', () => {
    const engine = new MarketEngine(findSymbol('BTCUSD')!, 42);
    for (let i = 0; i < 500; i++) {
      const u = engine.step();
      const trade = u.events.find((e) => e.type === 'trade');
      if (!trade || trade.type !== 'trade') continue;
      const change = u.events.find((e): e is ChangeEvent => e.type === 'change' && e.reason === 'trade')!;
      expect(change.side).toBe(trade.makerSide);
      expect(change.price).toBe(trade.price);
      expect(change.delta).toBe(`-${trade.amount}`);
      expect(trade.tid).toBe(u.eventId);
      return;
    }
    expect.unreachable('no trade in 500 steps');
  });

  it('replays the same events from the same seed', () => {
    const a = new MarketEngine(findSymbol('ETHUSD')!, 7);
    const b = new MarketEngine(findSymbol('ETHUSD')!, 7);
    for (let i = 0; i < 100; i++) expect(a.step(i).events).toEqual(b.step(i).events);
  });
});

describe('Gemini v1 formatting', () => {
  const all: FeedOptions = { heartbeat: false, topOfBook: false, bids: true, offers: true, trades: true };

  it('parses the options like Gemini: naming any entry type keeps only those set true', () => {
    expect(parseFeedOptions(new URLSearchParams(''))).toEqual({ options: all });
    expect(parseFeedOptions(new URLSearchParams('trades=true'))).toEqual({ options: { ...all, bids: false, offers: false } });
    expect(parseFeedOptions(new URLSearchParams('bids=true&offers=false&heartbeat=TRUE&top_of_book=true'))).toEqual({
      options: { heartbeat: true, topOfBook: true, bids: true, offers: false, trades: false },
    });
    expect(parseFeedOptions(new URLSearchParams('bids=maybe'))).toEqual({ error: 'bids must be true or false' });
    expect(parseFeedOptions(new URLSearchParams('colour=red'))).toMatchObject({ error: expect.stringContaining('unknown option') });
  });

  it('starts with the whole book as reason "initial" at socket_sequence 0, top of book when asked', () => {
    const engine = new MarketEngine(findSymbol('BTCUSD')!, 1);
    const snap = engine.snapshot(1_700_000_000_123);
    const full = JSON.parse(initialMessage(snap, all));
    expect(full).toMatchObject({ type: 'update', socket_sequence: 0, timestamp: 1_700_000_000, timestampms: 1_700_000_000_123 });
    expect(full.events).toHaveLength(snap.bids.length + snap.asks.length);
    expect(full.events.every((e: ChangeEvent) => e.reason === 'initial' && e.delta === e.remaining)).toBe(true);
    const top = JSON.parse(initialMessage(snap, { ...all, topOfBook: true }));
    expect(top.events.map((e: ChangeEvent) => e.side)).toEqual(['bid', 'ask']);
    expect(JSON.parse(initialMessage(snap, { ...all, bids: false, offers: false })).events).toEqual([]);
  });

  it('frames an update around the socket sequence, filtered per options', () => {
    const engine = new MarketEngine(findSymbol('BTCUSD')!, 3);
    let withTrade: MarketUpdate | undefined;
    for (let i = 0; i < 500 && !withTrade; i++) {
      const u = engine.step();
      if (u.events.some((e) => e.type === 'trade')) withTrade = u;
    }
    const frame = updateFrame(withTrade!, all)!;
    const msg = JSON.parse(`${frame.head}17${frame.tail}`);
    expect(Object.keys(msg)).toEqual(['type', 'eventId', 'timestamp', 'timestampms', 'socket_sequence', 'events']);
    expect(msg.socket_sequence).toBe(17);
    const tradesOnly = updateFrame(withTrade!, { ...all, bids: false, offers: false })!;
    expect(JSON.parse(`${tradesOnly.head}1${tradesOnly.tail}`).events.map((e: { type: string }) => e.type)).toEqual(['trade']);
    expect(updateFrame(withTrade!, all)).toBe(frame);
    expect(JSON.parse(heartbeatMessage(9))).toEqual({ type: 'heartbeat', socket_sequence: 9 });
  });
});
