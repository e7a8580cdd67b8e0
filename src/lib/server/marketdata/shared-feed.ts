import { seedFrom } from '../../shared/prng';
import { log } from '../log';
import { getRedis, type Redis } from '../redis/client';
import { runScript } from '../redis/script';
import { MarketEngine, type MarketSnapshot } from './engine';
import type { Feed, FeedListener } from './feed-types';
import { HEARTBEAT_MS } from './feed-types';
import { isProducing, startProducing } from './producer';
import {
  FOLLOW,
  INTEREST_REFRESH_MS,
  INTEREST_TTL_MS,
  LOCK_TTL_MS,
  marketKeys,
  marketSubscriber,
  PROCESS_ID,
  type MarketMessage,
  type StoredMarket,
} from './shared-keys';
import { findSymbol } from './symbols';

/**
 * A symbol's market as every web process of the site sees it: the events one
 * producer (elected through Redis, producer.ts) publishes. While anyone here
 * listens, this process subscribes to the symbol's channel and keeps a mirror
 * of the book: it starts from the state the producer stores with every tick,
 * then applies each tick's updates in order, so a new subscriber gets the
 * book as it stands, then exactly the updates after it. The mirror checks
 * the ticks' numbers: if some were lost (Redis reconnected), it reloads the
 * state and starts its listeners over (a socket closes, telling its client to
 * reconnect for a fresh book). It also says, every second, that it follows
 * the market, and takes the producer's lock whenever nobody holds it, which
 * is how a dead producer is replaced within LOCK_TTL_MS plus a second.
 */

const flog = log.child({ mod: 'market-feed' });

type Status = 'idle' | 'syncing' | 'live';

export class SharedMarketFeed implements Feed {
  private readonly listeners = new Set<FeedListener>();
  /** Listeners that have their book and receive updates. */
  private readonly started = new Set<FeedListener>();
  private readonly keys;
  private status: Status = 'idle';
  private mirror: MarketEngine | undefined;
  private seq = 0;
  /** Messages that arrived while the state was being read. */
  private buffered: MarketMessage[] = [];
  /** The generation whose state read is on its way (-1: none). */
  private loadingGeneration = -1;
  private generation = 0;
  private followTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly onMessage = (raw: string) => this.receive(raw);

  constructor(readonly symbol: string) {
    this.keys = marketKeys(symbol);
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    if (this.status === 'idle') this.open();
    else if (this.status === 'live') this.start(listener);
    return () => {
      this.listeners.delete(listener);
      this.started.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  /** The book: the mirror's while this process follows the market, else the stored state (or the opening book). */
  snapshot(): MarketSnapshot | Promise<MarketSnapshot> {
    if (this.status === 'live' && this.mirror) return this.mirror.snapshot();
    return getRedis()
      .then((redis) => redis.get(this.keys.state))
      .then((raw) => this.engineFrom(raw ? (JSON.parse(raw) as StoredMarket) : null).snapshot());
  }

  private engineFrom(stored: StoredMarket | null): MarketEngine {
    const spec = findSymbol(this.symbol)!;
    return new MarketEngine(spec, seedFrom(spec.symbol), stored?.engine);
  }

  private start(listener: FeedListener): void {
    this.started.add(listener);
    listener.start(this.mirror!.snapshot());
  }

  private open(): void {
    this.status = 'syncing';
    const generation = ++this.generation;
    marketSubscriber()
      .then((sub) => sub.subscribe(this.keys.channel, this.onMessage))
      .then(() => {
        if (generation === this.generation) this.sync(generation);
      })
      .catch((err: unknown) => flog.warn('could not subscribe to the market', { symbol: this.symbol, err: errText(err) }));
    void this.follow();
    this.followTimer = setInterval(() => void this.follow(), INTEREST_REFRESH_MS);
    this.heartbeatTimer = setInterval(() => {
      for (const l of this.started) l.heartbeat();
    }, HEARTBEAT_MS);
  }

  private close(): void {
    this.generation++;
    this.status = 'idle';
    this.mirror = undefined;
    this.buffered = [];
    clearInterval(this.followTimer);
    clearInterval(this.heartbeatTimer);
    void marketSubscriber()
      .then((sub) => sub.unsubscribe(this.keys.channel, this.onMessage))
      .catch(() => undefined);
    void getRedis()
      .then((redis) => redis.zRem(this.keys.interest, PROCESS_ID))
      .catch(() => undefined);
  }

  /** Say this process follows the market; take the producer's lock if it is free. */
  private async follow(): Promise<void> {
    try {
      const redis: Redis = await getRedis();
      const won = await runScript<number>(
        redis,
        FOLLOW,
        [this.keys.interest, this.keys.lock],
        [PROCESS_ID, String(INTEREST_TTL_MS), String(LOCK_TTL_MS)],
        LOCK_TTL_MS / 2,
      );
      if (won === 1 && !isProducing(this.symbol)) startProducing(this.symbol);
    } catch (err) {
      flog.warn('could not follow the market', { symbol: this.symbol, err: errText(err) });
    }
  }

  /**
   * Load the stored state into the mirror, then apply what arrived meanwhile
   * (one load at a time; the channel is subscribed first, so every message
   * newer than the state read is in the buffer).
   */
  private sync(generation: number): void {
    if (this.loadingGeneration === generation) return;
    this.status = 'syncing';
    this.loadingGeneration = generation;
    void getRedis()
      .then((redis) => redis.get(this.keys.state))
      .catch((err: unknown) => {
        flog.warn('could not read the market state', { symbol: this.symbol, err: errText(err) });
        return null;
      })
      .then((raw) => {
        if (this.loadingGeneration === generation) this.loadingGeneration = -1;
        if (generation !== this.generation) return;
        // No state yet: the first producer's first tick stores one, and its message brings us back here.
        if (!raw) {
          if (this.buffered.length) this.sync(generation);
          return;
        }
        const stored = JSON.parse(raw) as StoredMarket;
        this.mirror = this.engineFrom(stored);
        this.seq = stored.seq;
        this.status = 'live';
        const pending = this.buffered.sort((a, b) => a.seq - b.seq);
        this.buffered = [];
        for (const l of this.listeners) this.start(l);
        for (const m of pending) if (this.status === 'live') this.apply(m);
      })
      .catch((err: unknown) => {
        // A stored state that cannot be read must not become an unhandled rejection.
        flog.warn('could not apply the market state', { symbol: this.symbol, err: errText(err) });
      });
  }

  private receive(raw: string): void {
    let message: MarketMessage;
    try {
      message = JSON.parse(raw) as MarketMessage;
    } catch {
      flog.warn('ignored a malformed market message', { symbol: this.symbol });
      return;
    }
    if (this.status === 'live') return this.apply(message);
    if (this.status !== 'syncing') return;
    this.buffered.push(message);
    this.sync(this.generation);
  }

  private apply(message: MarketMessage): void {
    if (message.seq <= this.seq) return;
    if (message.seq !== this.seq + 1) {
      flog.warn('market events were lost; reloading the book', { symbol: this.symbol, expected: this.seq + 1, got: message.seq });
      this.started.clear();
      this.mirror = undefined;
      this.buffered = [message];
      this.sync(this.generation);
      return;
    }
    this.seq = message.seq;
    const mirror = this.mirror!;
    const book = () => mirror.snapshot();
    for (const u of message.updates) {
      mirror.applyUpdate(u);
      for (const l of this.started) l.update(u, book);
    }
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
