import type { MarketSnapshot, MarketUpdate } from './engine';

/** Someone listening to a symbol's market (a WebSocket subscriber, a GraphQL ticker). */
export interface FeedListener {
  /**
   * The book as it stands, before any update: called first, and called again
   * only when the feed had to start over because updates were lost (a
   * listener that cannot take a new book then ends, e.g. closes its socket).
   */
  start(book: MarketSnapshot): void;
  /** One exchange event; `book` gives the book right after it. */
  update(u: MarketUpdate, book: () => MarketSnapshot): void;
  /** Every HEARTBEAT_MS while listening. */
  heartbeat(): void;
}

/** A symbol's market: in this process (feed.ts) or shared by every web process through Redis (shared-feed.ts). */
export interface Feed {
  readonly symbol: string;
  /** Listen; returns the function that stops listening. */
  subscribe(listener: FeedListener): () => void;
  /** The book as it stands now. */
  snapshot(): MarketSnapshot | Promise<MarketSnapshot>;
  /** Number of listeners in this process (tests, benches). */
  listenerCount(): number;
}

/** How often heartbeats go out (Gemini sends one every five seconds). */
export const HEARTBEAT_MS = 5000;
