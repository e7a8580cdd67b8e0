import { getFeed, knownSymbols } from '../../marketdata/feed';
import type { MarketSnapshot } from '../../marketdata/engine';
import { badInput } from '../errors';

/** The `Market` shape: best bid and ask, last trade, when. */
export interface MarketView {
  symbol: string;
  bestBid: string | null;
  bestAsk: string | null;
  lastPrice: string | null;
  lastAmount: string | null;
  timestampms: number;
  eventId: number;
}

/** A snapshot as a Market. */
export function marketView(s: MarketSnapshot): MarketView {
  return {
    symbol: s.symbol,
    bestBid: s.bids[0]?.price ?? null,
    bestAsk: s.asks[0]?.price ?? null,
    lastPrice: s.lastPrice,
    lastAmount: s.lastAmount,
    timestampms: s.timestampms,
    eventId: s.eventId,
  };
}

/** The feed of a symbol, or a BAD_USER_INPUT error listing the known ones. */
export function feedOrError(symbol: string) {
  const feed = getFeed(symbol);
  if (!feed) throw badInput(`Unknown symbol ${symbol.slice(0, 20)}; try ${knownSymbols().join(', ')}.`, { symbol: 'unknown symbol' });
  return feed;
}
