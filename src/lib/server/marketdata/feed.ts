import { createPrng, seedFrom } from '../../shared/prng';
import { MarketEngine, type MarketSnapshot, type MarketUpdate } from './engine';
import { findSymbol, symbolNames } from './symbols';

/**
 * A live feed per symbol: its engine steps on a timer while anyone listens
 * (WebSocket subscribers, GraphQL tickers) and stands still otherwise, so an
 * idle portal spends no CPU on it. Feeds live on globalThis because the
 * WebSocket routes and the API endpoints may be bundled apart but share the
 * process, and both must see the same market.
 */

/** Someone listening to a feed. */
export interface FeedListener {
  update(u: MarketUpdate): void;
  /** Every HEARTBEAT_MS while listening. */
  heartbeat(): void;
}

/** How often heartbeats go out (Gemini sends one every five seconds). */
export const HEARTBEAT_MS = 5000;

export class MarketFeed {
  readonly engine: MarketEngine;
  private readonly listeners = new Set<FeedListener>();
  private readonly burst = createPrng(seedFrom('burst'));
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(readonly symbol: string, private intervalMs: number) {
    this.engine = new MarketEngine(findSymbol(symbol)!);
  }

  /** Listen; returns the function that stops listening. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    if (!this.heartbeatTimer) {
      // An interval of 0 means "stepped by hand" (benches): no step timer.
      if (this.intervalMs > 0) this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.heartbeatTimer = setInterval(() => this.beat(), HEARTBEAT_MS);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.pause();
    };
  }

  /** Number of listeners (tests, benches). */
  listenerCount(): number {
    return this.listeners.size;
  }

  /** The book as it stands. */
  snapshot(): MarketSnapshot {
    return this.engine.snapshot();
  }

  /** Step the market `n` times now and tell every listener (the timer calls this; benches too). */
  tick(n = 1 + Math.floor(this.burst.next() * 3)): void {
    for (let i = 0; i < n; i++) {
      const u = this.engine.step();
      for (const l of this.listeners) l.update(u);
    }
  }

  private beat(): void {
    for (const l of this.listeners) l.heartbeat();
  }

  private pause(): void {
    clearInterval(this.timer);
    clearInterval(this.heartbeatTimer);
    this.timer = undefined;
    this.heartbeatTimer = undefined;
  }

  /** Change the step interval; 0 stops the timer so the feed is stepped by hand (benches). */
  setInterval(ms: number): void {
    this.intervalMs = ms;
    clearInterval(this.timer);
    this.timer = ms > 0 && this.listeners.size > 0 ? setInterval(() => this.tick(), ms) : undefined;
  }
}

const KEY = Symbol.for('interview-lab.marketdata.feeds');
/** Default time between steps of a feed. */
export const DEFAULT_INTERVAL_MS = 250;

function feeds(): Map<string, MarketFeed> {
  const g = globalThis as { [KEY]?: Map<string, MarketFeed> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** The feed of a known symbol (case-insensitive), created on first use; undefined for unknown symbols. */
export function getFeed(symbol: string): MarketFeed | undefined {
  const spec = findSymbol(symbol);
  if (!spec) return undefined;
  let feed = feeds().get(spec.symbol);
  if (!feed) {
    feed = new MarketFeed(spec.symbol, DEFAULT_INTERVAL_MS);
    feeds().set(spec.symbol, feed);
  }
  return feed;
}

/** The symbols there are feeds for. */
export function knownSymbols(): string[] {
  return symbolNames();
}
