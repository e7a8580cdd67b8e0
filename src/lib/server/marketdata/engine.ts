import { createPrng, seedFrom, type Prng } from '../../shared/prng';
import { OrderBook, UNITS, type LevelChange, type Side } from './book';
import type { SymbolSpec } from './symbols';

/**
 * One symbol's simulated market: a seeded random walk of the "fair" price,
 * and an order book that follows it through place, cancel and trade actions.
 * Each `step()` is one exchange event (one Gemini `eventId`) and never leaves
 * the book crossed or a side empty. The same seed gives the same sequence of
 * events on every machine.
 */

/** A book change event, amounts and prices as decimal strings as Gemini sends them. */
export interface ChangeEvent {
  type: 'change';
  side: Side;
  price: string;
  remaining: string;
  delta: string;
  reason: 'place' | 'cancel' | 'trade' | 'initial' | 'top-of-book';
}

/** A trade event: the taker filled `amount` against a maker resting on `makerSide`. */
export interface TradeEvent {
  type: 'trade';
  tid: number;
  price: string;
  amount: string;
  makerSide: Side;
}

export type BookEvent = ChangeEvent | TradeEvent;

/** What one step produced. `top` holds the sides whose best level changed. */
export interface MarketUpdate {
  eventId: number;
  timestampms: number;
  events: BookEvent[];
  top: ChangeEvent[];
}

/** Current state for a new subscriber or a GraphQL query. */
export interface MarketSnapshot {
  symbol: string;
  eventId: number;
  timestampms: number;
  bids: ChangeEvent[];
  asks: ChangeEvent[];
  lastPrice: string | null;
  lastAmount: string | null;
}

/**
 * Everything a producer needs to go on where another stopped (integers, so
 * the JSON round trip through Redis is exact): the book, the walk, the
 * generator's position and the last event.
 */
export interface EngineState {
  mid: number;
  eventId: number;
  lastAt: number;
  rng: number;
  lastTrade: { price: string; amount: string } | null;
  bids: Array<[price: number, units: number]>;
  asks: Array<[price: number, units: number]>;
}

const MAX_LEVELS = 40;
const MIN_LEVELS = 8;

export class MarketEngine {
  readonly book = new OrderBook();
  private readonly rng: Prng;
  private readonly scale: number;
  private readonly sigma: number;
  private readonly lotUnits: number;
  private mid: number;
  private eventId: number;
  private lastAt = 0;
  private lastTrade: { price: string; amount: string } | null = null;

  constructor(
    readonly spec: SymbolSpec,
    seed = seedFrom(spec.symbol),
    state?: EngineState,
  ) {
    this.rng = createPrng(state?.rng ?? seed);
    this.scale = 10 ** spec.priceDecimals;
    this.mid = Math.round(spec.start * this.scale);
    // About 0.03% of the price per step, at least one tick.
    this.sigma = Math.max(1, Math.round(this.mid * 0.0003));
    this.lotUnits = Math.round(spec.lot * UNITS);
    this.eventId = 1_700_000_000_000 + (seed % 1_000_000);
    if (state) {
      this.mid = state.mid;
      this.eventId = state.eventId;
      this.lastAt = state.lastAt;
      this.lastTrade = state.lastTrade;
      for (const [p, u] of state.bids) this.book.add('bid', p, u);
      for (const [p, u] of state.asks) this.book.add('ask', p, u);
      return;
    }
    for (let i = 0; i < 20; i++) {
      this.book.add('bid', this.mid - 1 - i * this.spacing(), this.orderSize());
      this.book.add('ask', this.mid + 1 + i * this.spacing(), this.orderSize());
    }
  }

  /** A price in ticks as Gemini's decimal string. */
  price(ticks: number): string {
    return (ticks / this.scale).toFixed(this.spec.priceDecimals);
  }

  /** An amount in units as a decimal string without trailing zeros. */
  amount(units: number): string {
    const sign = units < 0 ? '-' : '';
    const abs = Math.abs(units);
    const whole = Math.floor(abs / UNITS);
    const frac = String(abs % UNITS)
      .padStart(8, '0')
      .replace(/0+$/, '');
    return `${sign}${whole}${frac ? `.${frac}` : ''}`;
  }

  private spacing(): number {
    return 1 + Math.floor(this.rng.next() * this.sigma * 0.6);
  }

  private orderSize(): number {
    return Math.max(1000, Math.round(this.lotUnits * (0.05 + -Math.log(1 - this.rng.next()) * 0.5)));
  }

  private changeEvent(c: LevelChange, reason: ChangeEvent['reason']): ChangeEvent {
    return { type: 'change', side: c.side, price: this.price(c.price), remaining: this.amount(c.remaining), delta: this.amount(c.delta), reason };
  }

  private top(side: Side): { price: number; units: number } | null {
    const p = this.book.best(side);
    return p === undefined ? null : { price: p, units: this.book.amountAt(side, p) };
  }

  /** Advance the market by one exchange event. */
  step(now = Date.now()): MarketUpdate {
    const before = { bid: this.top('bid'), ask: this.top('ask') };
    this.mid = Math.max(this.sigma * 10, this.mid + Math.round(this.rng.normal() * this.sigma));
    const events = this.act();
    this.eventId += this.rng.int(1, 40);
    this.lastAt = Math.max(now, this.lastAt);
    const top: ChangeEvent[] = [];
    for (const side of ['bid', 'ask'] as const) {
      const after = this.top(side)!;
      const was = before[side];
      if (was && was.price === after.price && was.units === after.units) continue;
      const delta = after.units - (was && was.price === after.price ? was.units : 0);
      top.push({
        type: 'change',
        side,
        price: this.price(after.price),
        remaining: this.amount(after.units),
        delta: this.amount(delta),
        reason: 'top-of-book',
      });
    }
    for (const e of events) if (e.type === 'trade') e.tid = this.eventId;
    return { eventId: this.eventId, timestampms: this.lastAt, events, top };
  }

  private act(): BookEvent[] {
    const b = this.book;
    for (const side of ['bid', 'ask'] as const) {
      if (b.depth(side) > MAX_LEVELS) return [this.cancel(side, b.depth(side) - 1, true)];
      if (b.depth(side) < MIN_LEVELS) return [this.place(side)];
    }
    const bestBid = b.best('bid')!;
    const bestAsk = b.best('ask')!;
    // The walk pulls trades: buyers lift asks below fair value, sellers hit bids above it.
    if (this.mid > bestAsk && this.rng.chance(0.6)) return this.trade('ask');
    if (this.mid < bestBid && this.rng.chance(0.6)) return this.trade('bid');
    const r = this.rng.next();
    if (r < 0.15) return this.trade(this.rng.chance(0.5) ? 'bid' : 'ask');
    const side: Side = this.rng.chance(0.5) ? 'bid' : 'ask';
    if (r < 0.6) return [this.place(side)];
    const index = Math.floor(b.depth(side) * Math.sqrt(this.rng.next()));
    return [this.cancel(side, Math.min(index, b.depth(side) - 1), this.rng.chance(0.5))];
  }

  private place(side: Side): ChangeEvent {
    const offset = 1 + Math.floor(-Math.log(1 - this.rng.next()) * this.sigma * 2);
    let price = side === 'bid' ? this.mid - offset : this.mid + offset;
    // Never cross: a bid at or above the best ask would trade, not rest.
    const other = this.book.best(side === 'bid' ? 'ask' : 'bid');
    if (other !== undefined) price = side === 'bid' ? Math.min(price, other - 1) : Math.max(price, other + 1);
    price = Math.max(1, price);
    return this.changeEvent(this.book.add(side, price, this.orderSize()), 'place');
  }

  private cancel(side: Side, index: number, whole: boolean): ChangeEvent {
    const price = this.book.priceAt(side, index)!;
    const held = this.book.amountAt(side, price);
    // A side keeps at least one level, so never cancel the last one entirely.
    const lastLevel = this.book.depth(side) === 1;
    const units = whole && !lastLevel ? held : Math.max(1, Math.floor(held * (0.2 + this.rng.next() * 0.6)));
    return this.changeEvent(this.book.remove(side, price, Math.min(units, lastLevel ? held - 1 : held))!, 'cancel');
  }

  private trade(makerSide: Side): BookEvent[] {
    const price = this.book.best(makerSide)!;
    const held = this.book.amountAt(makerSide, price);
    const lastLevel = this.book.depth(makerSide) === 1;
    let units = this.rng.chance(0.3) ? held : Math.max(1, Math.floor(held * this.rng.next()));
    if (lastLevel) units = Math.min(units, held - 1);
    if (units < 1) return [this.place(makerSide)];
    const change = this.book.remove(makerSide, price, units)!;
    this.lastTrade = { price: this.price(price), amount: this.amount(units) };
    const trade: TradeEvent = { type: 'trade', tid: 0, price: this.lastTrade.price, amount: this.lastTrade.amount, makerSide };
    return [trade, this.changeEvent(change, 'trade')];
  }

  /** Where this market stands, for another process to go on from (`new MarketEngine(spec, seed, state)`). */
  exportState(): EngineState {
    return {
      mid: this.mid,
      eventId: this.eventId,
      lastAt: this.lastAt,
      rng: this.rng.state(),
      lastTrade: this.lastTrade,
      bids: this.book.entries('bid'),
      asks: this.book.entries('ask'),
    };
  }

  /**
   * Follow an update another process's engine made (a mirror of its market):
   * each change sets its level to `remaining`, and the update's id, time and
   * trades become this book's. The walk itself stays the producer's.
   */
  applyUpdate(u: MarketUpdate): void {
    for (const e of u.events) {
      if (e.type === 'trade') {
        this.lastTrade = { price: e.price, amount: e.amount };
        continue;
      }
      const price = parseFixed(e.price, this.spec.priceDecimals);
      const target = parseFixed(e.remaining, 8);
      const held = this.book.amountAt(e.side, price);
      if (target > held) this.book.add(e.side, price, target - held);
      else if (target < held) this.book.remove(e.side, price, held - target);
    }
    this.eventId = u.eventId;
    this.lastAt = u.timestampms;
  }

  /** The whole book and last trade, for an `initial` message or a query. */
  snapshot(now = Date.now()): MarketSnapshot {
    const level =
      (side: Side) =>
      ([p, u]: [number, number]): ChangeEvent => ({
        type: 'change',
        side,
        price: this.price(p),
        remaining: this.amount(u),
        delta: this.amount(u),
        reason: 'initial',
      });
    return {
      symbol: this.spec.symbol,
      eventId: this.eventId,
      timestampms: this.lastAt || now,
      bids: this.book.entries('bid').map(level('bid')),
      asks: this.book.entries('ask').map(level('ask')),
      lastPrice: this.lastTrade?.price ?? null,
      lastAmount: this.lastTrade?.amount ?? null,
    };
  }
}

/** A decimal string with at most `decimals` places as an integer of 10^-decimals (exact, no floating point). */
export function parseFixed(text: string, decimals: number): number {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = Number(whole) * 10 ** decimals + Number(frac.padEnd(decimals, '0').slice(0, decimals) || '0');
  return negative ? -value : value;
}
