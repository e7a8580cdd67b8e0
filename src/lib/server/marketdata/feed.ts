import { createPrng, seedFrom } from '../../shared/prng';
import { redisConfigured } from '../redis/client';
import { MarketEngine, type MarketSnapshot } from './engine';
import { HEARTBEAT_MS, type Feed, type FeedListener } from './feed-types';
import { SharedMarketFeed } from './shared-feed';
import { findSymbol, symbolNames } from './symbols';

/**
 * A live feed per symbol: its engine steps on a timer while anyone listens
 * (WebSocket subscribers, GraphQL tickers) and stands still otherwise, so an
 * idle portal spends no CPU on it. With Redis, every web process of the site
 * follows one market per symbol (shared-feed.ts); without it (one process),
 * the market runs here (MarketFeed). Feeds live on globalThis because the
 * WebSocket routes and the API endpoints may be bundled apart but share the
 * process, and both must see the same market.
 */

export type { Feed, FeedListener };
export { HEARTBEAT_MS };

/** A market run in this process. */
export class MarketFeed implements Feed {
  readonly engine: MarketEngine;
  private readonly listeners = new Set<FeedListener>();
  private readonly burst = createPrng(seedFrom('burst'));
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly symbol: string,
    private intervalMs: number,
  ) {
    this.engine = new MarketEngine(findSymbol(symbol)!);
  }

  /** Listen; returns the function that stops listening. */
  subscribe(listener: FeedListener): () => void {
    listener.start(this.engine.snapshot());
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
    const book = () => this.engine.snapshot();
    for (let i = 0; i < n; i++) {
      const u = this.engine.step();
      for (const l of this.listeners) l.update(u, book);
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
const SHARED_KEY = Symbol.for('interview-lab.marketdata.shared-feeds');
/** Default time between steps of a feed. */
export const DEFAULT_INTERVAL_MS = 250;

function registry<T>(key: symbol): Map<string, T> {
  const g = globalThis as { [k: symbol]: Map<string, T> | undefined };
  g[key] ??= new Map();
  return g[key];
}

/** This process's own market of a known symbol (case-insensitive), created on first use (benches and tests drive it by hand). */
export function getLocalFeed(symbol: string): MarketFeed | undefined {
  const spec = findSymbol(symbol);
  if (!spec) return undefined;
  const feeds = registry<MarketFeed>(KEY);
  let feed = feeds.get(spec.symbol);
  if (!feed) {
    feed = new MarketFeed(spec.symbol, DEFAULT_INTERVAL_MS);
    feeds.set(spec.symbol, feed);
  }
  return feed;
}

/** The market of a known symbol: the site's shared one when Redis is configured, else this process's; undefined for unknown symbols. */
export function getFeed(symbol: string): Feed | undefined {
  if (!redisConfigured()) return getLocalFeed(symbol);
  const spec = findSymbol(symbol);
  if (!spec) return undefined;
  const feeds = registry<SharedMarketFeed>(SHARED_KEY);
  let feed = feeds.get(spec.symbol);
  if (!feed) {
    feed = new SharedMarketFeed(spec.symbol);
    feeds.set(spec.symbol, feed);
  }
  return feed;
}

/** The symbols there are feeds for. */
export function knownSymbols(): string[] {
  return symbolNames();
}
