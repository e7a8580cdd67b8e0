/**
 * A price-level order book in integers (prices in ticks, amounts in units of
 * 10^-8) so sums and differences are exact and `remaining` always equals
 * what the book holds. Each side keeps its levels sorted best first.
 */

export type Side = 'bid' | 'ask';

/** One change to a price level, as Gemini reports it. */
export interface LevelChange {
  side: Side;
  price: number;
  /** Units after the change (0 = level gone). */
  remaining: number;
  /** Units added (positive) or removed (negative). */
  delta: number;
}

/** Units per 1.0 of amount. */
export const UNITS = 100_000_000;

export class OrderBook {
  private readonly levels: Record<Side, Map<number, number>> = { bid: new Map(), ask: new Map() };
  /** Prices, best first: bids descending, asks ascending. */
  private readonly sorted: Record<Side, number[]> = { bid: [], ask: [] };

  /** Best price of a side, or undefined when it is empty. */
  best(side: Side): number | undefined {
    return this.sorted[side][0];
  }

  /** Units resting at a price. */
  amountAt(side: Side, price: number): number {
    return this.levels[side].get(price) ?? 0;
  }

  /** Number of price levels on a side. */
  depth(side: Side): number {
    return this.sorted[side].length;
  }

  /** The price of the n-th level from the top (0 = best). */
  priceAt(side: Side, index: number): number | undefined {
    return this.sorted[side][index];
  }

  /** Every level of a side, best first. */
  entries(side: Side): Array<[price: number, units: number]> {
    return this.sorted[side].map((p) => [p, this.levels[side].get(p)!]);
  }

  /** Whether a resting order at `price` on `side` would cross the other side. */
  wouldCross(side: Side, price: number): boolean {
    const other = this.best(side === 'bid' ? 'ask' : 'bid');
    if (other === undefined) return false;
    return side === 'bid' ? price >= other : price <= other;
  }

  /** Add units at a level (a new order resting there). The caller keeps the book uncrossed. */
  add(side: Side, price: number, units: number): LevelChange {
    if (units <= 0 || !Number.isSafeInteger(units)) throw new RangeError(`bad amount ${units}`);
    if (this.wouldCross(side, price)) throw new RangeError(`${side} at ${price} would cross the book`);
    const before = this.levels[side].get(price);
    const after = (before ?? 0) + units;
    this.levels[side].set(price, after);
    if (before === undefined) this.insertSorted(side, price);
    return { side, price, remaining: after, delta: units };
  }

  /** Remove up to `units` from a level (a cancel or a fill); returns the change, or null if the level is empty. */
  remove(side: Side, price: number, units: number): LevelChange | null {
    const before = this.levels[side].get(price);
    if (before === undefined) return null;
    const taken = Math.min(before, Math.max(1, units));
    const after = before - taken;
    if (after === 0) {
      this.levels[side].delete(price);
      const list = this.sorted[side];
      list.splice(list.indexOf(price), 1);
    } else {
      this.levels[side].set(price, after);
    }
    return { side, price, remaining: after, delta: -taken };
  }

  private insertSorted(side: Side, price: number): void {
    const list = this.sorted[side];
    // Bids best (highest) first, asks best (lowest) first.
    const better = side === 'bid' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(list[mid]!, price)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, price);
  }
}
