import { randomUUID } from 'node:crypto';
import { dedicatedRedis, redisKey } from '../redis/client';
import { luaScript } from '../redis/script';
import type { EngineState, MarketUpdate } from './engine';

/**
 * What the web processes of one site share about a symbol's market in Redis,
 * all under the portal's hash tag: the producer's lock, the market's state
 * (so a new producer goes on where the last one stopped, and a new follower
 * starts from the book), which processes follow it (so the producer stops
 * when nobody anywhere does) and the channel its events go out on.
 */

/** How long a producer's lock lives without renewal: how soon another process takes over a dead one. */
export const LOCK_TTL_MS = 3000;
/** How often a following process says it still follows, and tries for the lock when it is free. */
export const INTEREST_REFRESH_MS = 1000;
/** How long that interest counts without being refreshed. */
export const INTEREST_TTL_MS = 3000;

/** This process, as a follower and a producer (a lock value only its holder knows). */
export const PROCESS_ID = randomUUID();

/** The state the producer stores with every tick: the engine, its burst generator and the last message's number. */
export interface StoredMarket {
  seq: number;
  burst: number;
  engine: EngineState;
}

/** One tick's message on the channel: its number (consecutive) and the updates it made. */
export interface MarketMessage {
  seq: number;
  updates: MarketUpdate[];
}

/** The Redis names of a symbol's market. */
export function marketKeys(symbol: string) {
  return {
    lock: redisKey('md', symbol, 'lock'),
    state: redisKey('md', symbol, 'state'),
    interest: redisKey('md', symbol, 'interest'),
    channel: redisKey('md', symbol, 'events'),
  };
}

/**
 * Follow: KEYS interest, lock; ARGV process id, interest ttl, lock ttl.
 * Records that this process follows the market (until Redis's clock passes
 * the ttl, so hosts' clocks never matter) and takes the lock if it is free.
 * Returns 1 when this process is now the producer.
 */
export const FOLLOW = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[3]) then return 1 end
return 0
`);

/**
 * Publish a tick, fenced by the lock: KEYS lock, state, interest; ARGV
 * process id, state JSON, channel, message JSON, lock ttl. Stores the state
 * and publishes in one step (a follower that reads the state after a message
 * sees that message in it), renews the lock, and drops expired interest.
 * Returns 0 when the lock is not ours (nothing written), else 1 + how many
 * processes follow the market.
 */
export const PUBLISH_TICK = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
return 1 + redis.call('ZCARD', KEYS[3])
`);

/** Release: KEYS lock; ARGV process id. Deletes the lock only if it is ours. */
export const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** This process's subscriber connection for market channels (node-redis subscribes again by itself after a reconnect). */
export const marketSubscriber = dedicatedRedis('market');
