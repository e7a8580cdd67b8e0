/**
 * The symbols the simulated exchange trades, Gemini-style (CCY1CCY2: prices
 * in CCY2, amounts in CCY1), with where each price walk starts and how
 * prices and amounts are rounded.
 */

export interface SymbolSpec {
  symbol: string;
  /** Starting mid price. */
  start: number;
  /** Decimal places of a price (tick = 10^-priceDecimals). */
  priceDecimals: number;
  /** Typical order size in CCY1. */
  lot: number;
}

export const SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'BTCUSD', start: 37810.5, priceDecimals: 2, lot: 0.4 },
  { symbol: 'ETHUSD', start: 2061.25, priceDecimals: 2, lot: 4 },
  { symbol: 'SOLUSD', start: 58.31, priceDecimals: 2, lot: 60 },
  { symbol: 'LTCUSD', start: 70.12, priceDecimals: 2, lot: 40 },
  { symbol: 'LINKUSD', start: 14.873, priceDecimals: 3, lot: 150 },
  { symbol: 'ETHBTC', start: 0.05451, priceDecimals: 5, lot: 3 },
];

const bySymbol = new Map(SYMBOLS.map((s) => [s.symbol, s]));

/** The spec of a symbol (case-insensitive, like Gemini's URLs), or undefined. */
export function findSymbol(symbol: string): SymbolSpec | undefined {
  return bySymbol.get(symbol.toUpperCase());
}

/** Every symbol name. */
export function symbolNames(): string[] {
  return SYMBOLS.map((s) => s.symbol);
}
