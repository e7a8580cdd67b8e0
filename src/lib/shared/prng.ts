/**
 * A small seeded pseudo-random generator (mulberry32). The REST data set and
 * the simulated market feed both need "random" numbers that are the same on
 * every machine and every start, so tests and lessons can rely on them.
 * Not for anything secret: use crypto.getRandomValues for that.
 */

/** A generator of floats in [0, 1) plus helpers, all driven by one 32-bit seed. */
export interface Prng {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Standard normal sample (Box-Muller). */
  normal(): number;
  /** The generator's position: `createPrng(g.state())` goes on with the same sequence. */
  state(): number;
}

/** 32-bit FNV-1a hash of a string, to turn names ("BTCUSD") into seeds. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Create a generator from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    state: () => state,
  };
}
