import WebSocket from 'ws';

/**
 * A Gemini v1 market-data reader for the scale-out tests: it rebuilds the
 * book from the socket's messages (the initial book, then every change) and
 * remembers the book after each event, so tests can compare what different
 * sockets, on different processes, saw.
 */

interface ChangeEvent {
  type: 'change';
  side: 'bid' | 'ask';
  price: string;
  remaining: string;
}

interface UpdateMessage {
  type: 'update';
  eventId: number;
  socket_sequence: number;
  events: Array<ChangeEvent | { type: 'trade' }>;
}

/** What one socket saw. */
export interface MarketReader {
  ws: WebSocket;
  /** The initial message's eventId. */
  initialEventId(): Promise<number>;
  /** Every update after the initial book: eventId and its events as JSON. */
  updates: Array<{ eventId: number; events: string }>;
  /** The book after each eventId this socket saw (initial included), as a canonical string. */
  books: Map<number, string>;
  /** Protocol faults seen (a gap in socket_sequence). */
  errors: string[];
  /** Resolves once this socket has seen `count` updates, or an update with eventId >= `eventId`. */
  waitFor(test: { count?: number; eventId?: number }, timeoutMs?: number): Promise<void>;
  closed: Promise<number>;
}

/** Open `/ws/marketdata/<symbol>` on `base` with a bearer token and follow it. */
export function readMarket(base: string, symbol: string, token: string): MarketReader {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/marketdata/${symbol}`, { headers: { authorization: `Bearer ${token}` } });
  const book = { bid: new Map<string, string>(), ask: new Map<string, string>() };
  const books = new Map<number, string>();
  const updates: MarketReader['updates'] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  let resolveInitial: (id: number) => void = () => undefined;
  const initial = new Promise<number>((resolve) => (resolveInitial = resolve));
  let expectedSequence = 0;
  const canonical = () =>
    JSON.stringify({
      bids: [...book.bid].sort((a, b) => Number(b[0]) - Number(a[0])),
      asks: [...book.ask].sort((a, b) => Number(a[0]) - Number(b[0])),
    });
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as UpdateMessage | { type: 'heartbeat'; socket_sequence: number };
    if (msg.socket_sequence !== expectedSequence++) errors.push(`socket_sequence ${msg.socket_sequence}, expected ${expectedSequence - 1}`);
    if (msg.type !== 'update') return;
    for (const e of msg.events) {
      if (e.type !== 'change') continue;
      if (e.remaining === '0') book[e.side].delete(e.price);
      else book[e.side].set(e.price, e.remaining);
    }
    books.set(msg.eventId, canonical());
    if (msg.socket_sequence === 0) resolveInitial(msg.eventId);
    else updates.push({ eventId: msg.eventId, events: JSON.stringify(msg.events) });
    for (const w of waiters) w();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    initialEventId: () => initial,
    updates,
    books,
    errors,
    closed,
    waitFor({ count, eventId }, timeoutMs = 15_000) {
      const done = () => (count !== undefined && updates.length >= count) || (eventId !== undefined && updates.some((u) => u.eventId >= eventId));
      if (done()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`market socket: not seen ${JSON.stringify({ count, eventId })} within ${timeoutMs} ms (saw ${updates.length})`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
  };
}

/** The updates two readers both saw, from the first eventId both have: [a's, b's]. */
export function commonUpdates(a: MarketReader, b: MarketReader): [MarketReader['updates'], MarketReader['updates']] {
  const start = Math.max(a.updates[0]?.eventId ?? Infinity, b.updates[0]?.eventId ?? Infinity);
  const end = Math.min(a.updates.at(-1)?.eventId ?? -Infinity, b.updates.at(-1)?.eventId ?? -Infinity);
  const pick = (r: MarketReader) => r.updates.filter((u) => u.eventId >= start && u.eventId <= end);
  return [pick(a), pick(b)];
}
