/**
 * The info string of a cell fence: ```ts cell id=<id> title="..." expect="..." timeout=<s> autorun
 * Parsed the same way at build time (remark plugin) and in tests, with errors
 * that say exactly what is wrong so a lesson author can fix the fence.
 */

/** What a cell fence declares. */
export interface CellMeta {
  id: string;
  title: string | null;
  /** Text the cell's output must contain (checked by the e2e suite). */
  expect: string | null;
  /** Seconds before the run is stopped. */
  timeoutSec: number;
  /** Run when the page's kernel starts. */
  autorun: boolean;
}

/** Default cell timeout in seconds. */
export const DEFAULT_TIMEOUT_SEC = 30;
/** Longest timeout a cell may ask for, in seconds. */
export const MAX_TIMEOUT_SEC = 600;
/** Cell ids: lower-case letters, digits and dashes, starting with a letter or digit. */
export const CELL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const KNOWN_KEYS = new Set(['id', 'title', 'expect', 'timeout', 'autorun']);

/** A problem with a fence's info string; `message` is meant for the lesson author. */
export class CellMetaError extends Error {
  override name = 'CellMetaError';
}

/** Split an info string into words, honouring "double" and 'single' quotes with backslash escapes. */
export function tokenizeMeta(meta: string): Array<{ key: string; value: string | null }> {
  const out: Array<{ key: string; value: string | null }> = [];
  let i = 0;
  const n = meta.length;
  while (i < n) {
    while (i < n && /\s/.test(meta[i]!)) i++;
    if (i >= n) break;
    let key = '';
    while (i < n && !/[\s=]/.test(meta[i]!)) key += meta[i++];
    if (meta[i] !== '=') {
      out.push({ key, value: null });
      continue;
    }
    i++; // '='
    let value = '';
    const quote = meta[i];
    if (quote === '"' || quote === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = meta[i++]!;
        if (c === '\\' && i < n) value += meta[i++];
        else if (c === quote) {
          closed = true;
          break;
        } else value += c;
      }
      if (!closed) throw new CellMetaError(`the value of ${key}= has no closing ${quote}`);
    } else {
      while (i < n && !/\s/.test(meta[i]!)) value += meta[i++];
    }
    out.push({ key, value });
  }
  return out;
}

/** Whether a fence (language and info string) is a runnable cell. */
export function isCellFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return (lang === 'ts' || lang === 'typescript') && /^cell(\s|$)/.test((meta ?? '').trim());
}

/** Parse the info string after ```ts (starting with the word `cell`). */
export function parseCellMeta(meta: string): CellMeta {
  const tokens = tokenizeMeta(meta);
  if (tokens[0]?.key !== 'cell' || tokens[0].value !== null) {
    throw new CellMetaError('a cell fence starts with ```ts cell');
  }
  const seen = new Set<string>();
  const result: CellMeta = { id: '', title: null, expect: null, timeoutSec: DEFAULT_TIMEOUT_SEC, autorun: false };
  for (const { key, value } of tokens.slice(1)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new CellMetaError(`unknown cell option "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
    if (seen.has(key)) throw new CellMetaError(`cell option "${key}" is given twice`);
    seen.add(key);
    if (key === 'autorun') {
      if (value !== null) throw new CellMetaError('autorun takes no value');
      result.autorun = true;
      continue;
    }
    if (value === null || value === '') throw new CellMetaError(`cell option "${key}" needs a value (${key}=...)`);
    if (key === 'id') {
      if (!CELL_ID_PATTERN.test(value)) {
        throw new CellMetaError(`cell id "${value}" must be lower-case letters, digits and dashes (at most 64)`);
      }
      result.id = value;
    } else if (key === 'title') {
      if (value.length > 120) throw new CellMetaError('cell title is longer than 120 characters');
      result.title = value;
    } else if (key === 'expect') {
      if (value.length > 500) throw new CellMetaError('expect text is longer than 500 characters');
      result.expect = value;
    } else if (key === 'timeout') {
      const sec = Number(value);
      if (!Number.isFinite(sec) || sec <= 0 || sec > MAX_TIMEOUT_SEC) {
        throw new CellMetaError(`timeout=${value} must be a number of seconds between 0 and ${MAX_TIMEOUT_SEC}`);
      }
      result.timeoutSec = sec;
    }
  }
  if (!result.id) throw new CellMetaError('cell has no id (add id=<name> after ```ts cell)');
  return result;
}
