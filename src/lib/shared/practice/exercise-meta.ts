import { CELL_ID_PATTERN, CellMetaError, DEFAULT_TIMEOUT_SEC, MAX_TIMEOUT_SEC, tokenizeMeta, type CellMeta } from '../notebook/cell-meta';
import { isVerifierName, VERIFIER_NAMES } from './verifiers';

/**
 * The fences of an exercise, next to the lesson text:
 *
 *   ```ts exercise id=<id> title="..." [verify=<verifier>] [timeout=<s>]   starter code
 *   ```ts check                                                             hidden checks
 *   ```md hint   (one or more)                                              hints, in order
 *   ```ts solution                                                          the solution
 *
 * The parts follow their exercise fence directly, in any order. Parsed here
 * (pure, so tests and the build share it); the remark plugin validates the
 * whole group and fails the build with file and line.
 */

/** The kinds of fence that belong to an exercise after its own. */
export type ExercisePart = 'check' | 'hint' | 'solution';

/** What an exercise fence declares. */
export interface ExerciseMeta {
  id: string;
  title: string;
  /** Name of the server-side verification that decides a pass (see verifiers.ts), or null when the kernel's checks decide. */
  verify: string | null;
  timeoutSec: number;
}

const KNOWN_KEYS = new Set(['id', 'title', 'verify', 'timeout']);

/** Whether a fence is an exercise's starter code. */
export function isExerciseFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return (lang === 'ts' || lang === 'typescript') && /^exercise(\s|$)/.test((meta ?? '').trim());
}

/** Which exercise part a fence is (```ts check, ```md hint, ```ts solution), or null for any other fence. */
export function exercisePartOf(lang: string | null | undefined, meta: string | null | undefined): ExercisePart | null {
  const word = (meta ?? '').trim().split(/\s+/)[0];
  const ts = lang === 'ts' || lang === 'typescript';
  if (ts && word === 'check') return 'check';
  if (ts && word === 'solution') return 'solution';
  if ((lang === 'md' || lang === 'markdown') && word === 'hint') return 'hint';
  return null;
}

/** Parse the info string after ```ts (starting with the word `exercise`). */
export function parseExerciseMeta(meta: string): ExerciseMeta {
  const tokens = tokenizeMeta(meta);
  if (tokens[0]?.key !== 'exercise' || tokens[0].value !== null) throw new CellMetaError('an exercise fence starts with ```ts exercise');
  const seen = new Set<string>();
  const out: ExerciseMeta = { id: '', title: '', verify: null, timeoutSec: DEFAULT_TIMEOUT_SEC };
  for (const { key, value } of tokens.slice(1)) {
    if (!KNOWN_KEYS.has(key)) throw new CellMetaError(`unknown exercise option "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    if (seen.has(key)) throw new CellMetaError(`exercise option "${key}" is given twice`);
    seen.add(key);
    if (value === null || value === '') throw new CellMetaError(`exercise option "${key}" needs a value (${key}=...)`);
    if (key === 'id') {
      if (!CELL_ID_PATTERN.test(value)) throw new CellMetaError(`exercise id "${value}" must be lower-case letters, digits and dashes (at most 64)`);
      out.id = value;
    } else if (key === 'title') {
      if (value.length > 120) throw new CellMetaError('exercise title is longer than 120 characters');
      out.title = value;
    } else if (key === 'verify') {
      if (!isVerifierName(value)) throw new CellMetaError(`unknown verification "${value}" (known: ${VERIFIER_NAMES.join(', ')})`);
      out.verify = value;
    } else if (key === 'timeout') {
      const sec = Number(value);
      if (!Number.isFinite(sec) || sec <= 0 || sec > MAX_TIMEOUT_SEC) {
        throw new CellMetaError(`timeout=${value} must be a number of seconds between 0 and ${MAX_TIMEOUT_SEC}`);
      }
      out.timeoutSec = sec;
    }
  }
  if (!out.id) throw new CellMetaError('exercise has no id (add id=<name> after ```ts exercise)');
  if (!out.title) throw new CellMetaError(`exercise "${out.id}" has no title (add title="...")`);
  return out;
}

/** A part fence takes no options: anything after its word is a typo the author should hear about. */
export function checkPartMeta(part: ExercisePart, meta: string): void {
  const rest = meta.trim().split(/\s+/).slice(1);
  if (rest.length) throw new CellMetaError(`a ${part} fence takes no options (found "${rest.join(' ')}")`);
}

/** The cell an exercise's starter code becomes (same engine as any cell). */
export function exerciseCellMeta(meta: ExerciseMeta): CellMeta {
  return { id: meta.id, title: meta.title, expect: null, timeoutSec: meta.timeoutSec, autorun: false };
}
