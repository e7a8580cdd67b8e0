import { createPrng, seedFrom, type Prng } from '../../shared/prng';
import { log } from '../log';
import { getRedis } from '../redis/client';
import { runScript } from '../redis/script';
import { MarketEngine } from './engine';
import { LOCK_TTL_MS, marketKeys, PROCESS_ID, PUBLISH_TICK, RELEASE, type MarketMessage, type StoredMarket } from './shared-keys';
import { findSymbol } from './symbols';

/**
 * The one process of the site that moves a symbol's market: it won the
 * symbol's lock (shared-keys.ts FOLLOW), goes on from the state the last
 * producer stored, and on every tick stores the new state and publishes the
 * tick's updates in one fenced script that also renews the lock. It stops
 * when the lock is no longer its own (it was too slow to renew and another
 * process took over), when nobody anywhere follows the market, when Redis
 * fails it, or at shutdown, when it hands the lock back at once.
 */

const plog = log.child({ mod: 'market-producer' });
/** Time between ticks, as the in-process feed (feed.ts DEFAULT_INTERVAL_MS). */
const TICK_MS = 250;

class MarketProducer {
  private engine: MarketEngine | undefined;
  private burst: Prng | undefined;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private running = true;
  private renewedAt = Date.now();
  private readonly keys;

  constructor(
    readonly symbol: string,
    private readonly onStop: () => void,
  ) {
    this.keys = marketKeys(symbol);
  }

  /** Load the market where the last producer left it (or open it fresh), then tick. */
  async begin(): Promise<void> {
    const spec = findSymbol(this.symbol)!;
    const raw = await (await getRedis()).get(this.keys.state);
    const stored = raw ? (JSON.parse(raw) as StoredMarket) : null;
    if (!this.running) return;
    this.engine = new MarketEngine(spec, seedFrom(spec.symbol), stored?.engine);
    this.burst = createPrng(stored?.burst ?? seedFrom('burst'));
    this.seq = stored?.seq ?? 0;
    plog.info('producing the market', { symbol: this.symbol, from: stored ? 'stored state' : 'a fresh book', seq: this.seq });
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.engine || !this.burst) return;
    if (Date.now() - this.renewedAt > LOCK_TTL_MS) return this.stop('lock not renewed in time', false);
    this.busy = true;
    try {
      const n = 1 + Math.floor(this.burst.next() * 3);
      const updates = [];
      for (let i = 0; i < n; i++) updates.push(this.engine.step());
      const message: MarketMessage = { seq: this.seq + 1, updates };
      const state: StoredMarket = { seq: message.seq, burst: this.burst.state(), engine: this.engine.exportState() };
      const redis = await getRedis();
      const result = await runScript<number>(
        redis,
        PUBLISH_TICK,
        [this.keys.lock, this.keys.state, this.keys.interest],
        [PROCESS_ID, JSON.stringify(state), this.keys.channel, JSON.stringify(message), String(LOCK_TTL_MS)],
        LOCK_TTL_MS / 2,
      );
      if (result === 0) return await this.stop('another process holds the lock', false);
      this.seq = message.seq;
      this.renewedAt = Date.now();
      if (result === 1) return await this.stop('nobody follows the market', true);
    } catch (err) {
      // The script may or may not have run; whoever produces next starts from what Redis holds.
      await this.stop(`redis: ${err instanceof Error ? err.message : String(err)}`, false);
    } finally {
      this.busy = false;
    }
  }

  /** Stop ticking; `release` hands the lock back so another process can take over at once. */
  stop(why: string, release: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.running = false;
    clearInterval(this.timer);
    this.engine = undefined;
    this.onStop();
    plog.info('stopped producing the market', { symbol: this.symbol, why });
    if (!release) return Promise.resolve();
    return getRedis()
      .then((redis) => runScript(redis, RELEASE, [this.keys.lock], [PROCESS_ID], 1000))
      .then(
        () => undefined,
        (err: unknown) =>
          plog.warn('could not release the market lock', { symbol: this.symbol, err: err instanceof Error ? err.message : String(err) }),
      );
  }
}

const producers = new Map<string, MarketProducer>();

/** This process just won `symbol`'s lock: produce its market. */
export function startProducing(symbol: string): void {
  if (producers.has(symbol)) return;
  const producer = new MarketProducer(symbol, () => producers.delete(symbol));
  producers.set(symbol, producer);
  producer
    .begin()
    .catch((err: unknown) => void producer.stop(`could not load the market: ${err instanceof Error ? err.message : String(err)}`, true));
}

/** Whether this process produces `symbol`'s market now (tests, health). */
export function isProducing(symbol: string): boolean {
  return producers.has(symbol);
}

/** Stop every producer of this process and hand their locks back (graceful shutdown). */
export async function stopProducing(): Promise<void> {
  await Promise.all([...producers.values()].map((p) => p.stop('shutting down', true)));
}
