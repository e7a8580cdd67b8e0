import type { RunContext } from './run-context';

/**
 * Which run output and requests belong to. While a cell runs, everything the
 * kernel sees is that run's (even a helper function an earlier cell
 * defined); afterwards, a callback's output goes to the run that created it.
 */

let active: RunContext | null = null;
let last: RunContext | null = null;

/** Mark the run whose code is executing now (null when idle). */
export function setActiveRun(run: RunContext | null): void {
  active = run;
  if (run) last = run;
}

/** The running run, if any. */
export function activeRun(): RunContext | null {
  return active;
}

/** The run a call belongs to: the active one, else the one whose code made the call. */
export function ownerFor(lexical: RunContext): RunContext {
  return active ?? lexical;
}

/** The run to blame for an error nobody caught: the active one, else the latest. */
export function blameRun(): RunContext | null {
  return active ?? last;
}

/** A compiled cell script that was loaded, for mapping stack frames back to cell lines. */
export interface LoadedScript {
  cellId: string;
  lines: number[];
}

const scripts = new Map<string, LoadedScript>();
const MAX_SCRIPTS = 500;

/** Remember which cell a blob: script URL holds. */
export function rememberScript(url: string, script: LoadedScript): void {
  scripts.set(url, script);
  if (scripts.size > MAX_SCRIPTS) scripts.delete(scripts.keys().next().value!);
}

/** The cell a script URL holds, if it is one. */
export function scriptFor(url: string): LoadedScript | undefined {
  return scripts.get(url);
}
