import type { BookEvent, ChangeEvent, MarketSnapshot, MarketUpdate } from './engine';

/**
 * Gemini's v1 market-data messages and query options. Each update is
 * serialised once per distinct set of options in use, around a hole for the
 * per-connection `socket_sequence`, so fanning one update out to thousands of
 * sockets costs a string concatenation each, not a JSON.stringify each.
 */

/** The v1 query options of one connection. */
export interface FeedOptions {
  heartbeat: boolean;
  topOfBook: boolean;
  bids: boolean;
  offers: boolean;
  trades: boolean;
}

const BOOLEAN_OPTIONS = ['heartbeat', 'top_of_book', 'bids', 'offers', 'trades', 'auctions'] as const;
const ENTRY_TYPES = ['bids', 'offers', 'trades', 'auctions'] as const;

function parseBool(v: string): boolean | null {
  const s = v.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}

/**
 * Read the options from a query string. As on Gemini: naming any of bids,
 * offers, trades or auctions means only those set to true are sent.
 */
export function parseFeedOptions(params: URLSearchParams): { options: FeedOptions } | { error: string } {
  const values: Record<string, boolean> = {};
  for (const key of new Set(params.keys())) {
    if (!(BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
      return { error: `unknown option "${key.slice(0, 20)}"; use ${BOOLEAN_OPTIONS.join(', ')}` };
    }
    const v = parseBool(params.get(key)!);
    if (v === null) return { error: `${key} must be true or false` };
    values[key] = v;
  }
  const filtered = ENTRY_TYPES.some((k) => k in values);
  const on = (k: string) => (filtered ? values[k] === true : true);
  return {
    options: {
      heartbeat: values.heartbeat === true,
      topOfBook: values.top_of_book === true,
      bids: on('bids'),
      offers: on('offers'),
      trades: on('trades'),
    },
  };
}

/** A short key naming the options that change an update's contents. */
export function variantKey(o: FeedOptions): string {
  return `${o.topOfBook ? 't' : 'f'}${o.bids ? 'b' : '-'}${o.offers ? 'o' : '-'}${o.trades ? 'x' : '-'}`;
}

function wantsSide(o: FeedOptions, e: ChangeEvent): boolean {
  return e.side === 'bid' ? o.bids : o.offers;
}

/** The first message: the book as `change` events with reason "initial", socket_sequence 0. */
export function initialMessage(snap: MarketSnapshot, o: FeedOptions): string {
  let levels: ChangeEvent[] = [];
  if (o.topOfBook) levels = [snap.bids[0], snap.asks[0]].filter((e): e is ChangeEvent => e !== undefined);
  else levels = [...snap.bids, ...snap.asks];
  const events = levels.filter((e) => wantsSide(o, e));
  return JSON.stringify({
    type: 'update',
    eventId: snap.eventId,
    timestamp: Math.floor(snap.timestampms / 1000),
    timestampms: snap.timestampms,
    socket_sequence: 0,
    events,
  });
}

/** The parts of an update message around its socket_sequence, or null when these options see nothing in it. */
export interface UpdateFrame {
  head: string;
  tail: string;
}

const frames = new WeakMap<MarketUpdate, Map<string, UpdateFrame | null>>();

/** The frame of `u` for options `o` (cached per update and variant). */
export function updateFrame(u: MarketUpdate, o: FeedOptions): UpdateFrame | null {
  let byVariant = frames.get(u);
  if (!byVariant) {
    byVariant = new Map();
    frames.set(u, byVariant);
  }
  const key = variantKey(o);
  if (byVariant.has(key)) return byVariant.get(key)!;
  const book = o.topOfBook ? u.top : u.events.filter((e): e is ChangeEvent => e.type === 'change');
  const events = u.events.flatMap((e): BookEvent[] => {
    if (e.type === 'trade') return o.trades ? [e] : [];
    return o.topOfBook ? [] : wantsSide(o, e) ? [e] : [];
  });
  if (o.topOfBook) events.push(...book.filter((e) => wantsSide(o, e)));
  const frame =
    events.length === 0
      ? null
      : {
          head: `{"type":"update","eventId":${u.eventId},"timestamp":${Math.floor(u.timestampms / 1000)},"timestampms":${u.timestampms},"socket_sequence":`,
          tail: `,"events":${JSON.stringify(events)}}`,
        };
  byVariant.set(key, frame);
  return frame;
}

/** A heartbeat message. */
export function heartbeatMessage(sequence: number): string {
  return `{"type":"heartbeat","socket_sequence":${sequence}}`;
}
