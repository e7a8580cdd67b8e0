import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketEngine, parseFixed } from '../../../src/lib/server/marketdata/engine';
import { SYMBOLS } from '../../../src/lib/server/marketdata/symbols';

/**
 * What lets several processes share one market: a producer that takes over
 * from the state another stored (through JSON, as in Redis) goes on with
 * exactly the events the first would have made, and a mirror that applies
 * the published updates to the stored book holds the producer's book.
 */

describe('market state shared between processes', () => {
  it('an engine restored from stored state makes the same events as the one it replaces', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYMBOLS), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 200 }), (spec, seed, before) => {
        const original = new MarketEngine(spec, seed);
        for (let i = 0; i < before; i++) original.step(1000 + i);
        const stored = JSON.parse(JSON.stringify(original.exportState())) as ReturnType<MarketEngine['exportState']>;
        const successor = new MarketEngine(spec, 12345, stored);
        expect(successor.snapshot(0)).toEqual(original.snapshot(0));
        for (let i = 0; i < 50; i++) expect(successor.step(5000 + i)).toEqual(original.step(5000 + i));
      }),
      { numRuns: 60 },
    );
  });

  it("a mirror that applies the producer's updates holds the producer's book", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYMBOLS), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 300 }), (spec, seed, steps) => {
        const producer = new MarketEngine(spec, seed);
        producer.step(999);
        const mirror = new MarketEngine(spec, 0, JSON.parse(JSON.stringify(producer.exportState())));
        for (let i = 0; i < steps; i++) mirror.applyUpdate(producer.step(1000 + i));
        expect(mirror.snapshot(0)).toEqual(producer.snapshot(0));
      }),
      { numRuns: 60 },
    );
  });

  it('parses decimal strings exactly', () => {
    expect(parseFixed('37810.50', 2)).toBe(3_781_050);
    expect(parseFixed('0.00000001', 8)).toBe(1);
    expect(parseFixed('12', 8)).toBe(1_200_000_000);
    expect(parseFixed('-0.5', 8)).toBe(-50_000_000);
    expect(parseFixed('0.05451', 5)).toBe(5451);
  });
});
