import { PRIORITIES, type Priority } from '../../shared/notifications/types';

/**
 * Deterministic chance for load tests: whether a synthetic delivery attempt
 * fails, and which priority a chunk of a mixed campaign gets. Deterministic
 * so a rerun of the same chunk behaves the same way for the same attempt.
 */

function mix32(a: number): number {
  let h = a | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A number in [0, 1) that depends only on the three inputs. */
export function unitHash(a: number, b: number, c: number): number {
  return mix32(mix32(mix32(a) ^ b) ^ Math.imul(c + 1, 0x9e3779b1)) / 2 ** 32;
}

/** Whether attempt `attempt` to deliver recipient `index` of a campaign fails by injection. */
export function injectedFailure(campaignId: number, index: number, attempt: number, rate: number): boolean {
  return rate > 0 && unitHash(campaignId, index, attempt) < rate;
}

/** A priority mix with weights that sum to 1. */
export type PriorityMix = Record<Priority, number>;

/** The priority of chunk `chunk`: spread evenly over the campaign in proportion to the mix. */
export function chunkPriority(mix: PriorityMix, chunk: number): Priority {
  // The golden-ratio sequence spreads each class through the campaign instead of in blocks.
  const u = (chunk * 0.6180339887498949 + 0.5) % 1;
  let acc = 0;
  for (const p of PRIORITIES) {
    acc += mix[p];
    if (u < acc) return p;
  }
  return 'normal';
}
