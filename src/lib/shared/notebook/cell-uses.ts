import { tokenizer } from 'acorn';

/**
 * Which earlier cells a cell leans on: the names it reads that an earlier
 * cell of the page declares at top level (and it does not declare itself).
 * The page says so above the cell before it is run ("Uses `api` from …"),
 * not only after a ReferenceError. Judged from tokens, not scopes: a local
 * variable that shadows an earlier cell's name counts as a use, which at
 * worst names a cell worth running anyway.
 */

/** One earlier cell and the names of it a cell uses. */
export interface CellUse {
  id: string;
  title: string;
  names: string[];
}

/** Identifier tokens of JavaScript, except property names after `.` or `?.`. */
export function referencedNames(js: string): Set<string> {
  const names = new Set<string>();
  let afterDot = false;
  try {
    for (const t of tokenizer(js, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true })) {
      if (t.type.label === 'name' && !afterDot) names.add(String((t as { value?: unknown }).value));
      afterDot = t.type.label === '.' || t.type.label === '?.';
    }
  } catch {
    // Compiled cells always tokenize; anything else just yields what was read so far.
  }
  return names;
}

/** For each cell (in page order), the earlier cells whose names it uses, nearest declaration winning. */
export function cellUses(cells: ReadonlyArray<{ id: string; title: string; declared: readonly string[]; code: string }>): CellUse[][] {
  return cells.map((cell, index) => {
    const own = new Set(cell.declared);
    const byCell = new Map<number, string[]>();
    for (const name of referencedNames(cell.code)) {
      if (own.has(name)) continue;
      for (let i = index - 1; i >= 0; i--) {
        if (!cells[i]!.declared.includes(name)) continue;
        byCell.set(i, [...(byCell.get(i) ?? []), name]);
        break;
      }
    }
    return [...byCell.entries()].sort(([a], [b]) => a - b).map(([i, names]) => ({ id: cells[i]!.id, title: cells[i]!.title, names: names.sort() }));
  });
}
