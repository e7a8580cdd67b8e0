import { median } from '../support/stats.mjs';

/** Timing loops for the crypto bench: run an operation for a fixed time and count. */

/** Last `opsPerSecond` figures by CPU time: operations per second of this process's CPU (all its threads). */
export let lastPerCpuSecond = 0;

/** Operations per second of `op`, after a short warm-up, over about `seconds` (and, in lastPerCpuSecond, per CPU second). */
export async function opsPerSecond(op: () => unknown, seconds: number): Promise<number> {
  const warmUntil = performance.now() + Math.min(200, seconds * 200);
  while (performance.now() < warmUntil) await op();
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await op();
    n++;
  }
  const used = process.cpuUsage(cpu);
  lastPerCpuSecond = n / ((used.user + used.system) / 1e6);
  return n / ((performance.now() - start) / 1000);
}

/**
 * The same comparison by CPU time: each side's operations per CPU second,
 * medians over the rounds. What other processes on a busy machine take
 * from us changes wall-clock rates from one round to the next, not this.
 */
export async function compareByCpu(
  ours: () => unknown,
  theirs: () => unknown,
  seconds: number,
  rounds = 3,
): Promise<{ wall: [number, number]; cpu: [number, number] }> {
  const a: number[] = [];
  const b: number[] = [];
  const ac: number[] = [];
  const bc: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await opsPerSecond(ours, seconds / rounds));
    ac.push(lastPerCpuSecond);
    b.push(await opsPerSecond(theirs, seconds / rounds));
    bc.push(lastPerCpuSecond);
  }
  return { wall: [median(a), median(b)], cpu: [median(ac), median(bc)] };
}

/**
 * Rates of two operations doing the same work, measured in alternation
 * (ours, theirs, ours, theirs, ...) so that a machine getting busier or
 * quieter during the run affects both sides alike; the medians are kept.
 */
export async function compare(ours: () => unknown, theirs: () => unknown, seconds: number, rounds = 3): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await opsPerSecond(ours, seconds / rounds));
    b.push(await opsPerSecond(theirs, seconds / rounds));
  }
  return [median(a), median(b)];
}

/** One comparison row: ours next to node:crypto, and how many times faster node:crypto is. */
export interface Row {
  work: string;
  unit: string;
  ours: number;
  node: number;
  /** node / ours: above 1 means node:crypto is faster. */
  nodeOverOurs: number;
  /** ours / node, the ratio targets are written in. */
  oursOverNode: number;
  /** The lowest acceptable ours / node, for rows that have a target. */
  target?: number;
}

/** Build a row from two rates (and the ours / node ratio it must reach, if any). */
export function row(work: string, unit: string, ours: number, node: number, target?: number): Row {
  return { work, unit, ours, node, nodeOverOurs: node / ours, oursOverNode: ours / node, ...(target === undefined ? {} : { target }) };
}

/** A readable number: 3 significant digits. */
export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3);
}
