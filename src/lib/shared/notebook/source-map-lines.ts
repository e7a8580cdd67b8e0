/**
 * A compact line table from a source map: for each generated line, the
 * original line it came from. Cells only need lines (errors say "line 3 of
 * this cell"), so the table is all that is shipped to the page, not the map.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decode one source-map segment (base64 VLQ) into its numbers. */
export function decodeVlqSegment(segment: string): number[] {
  const values: number[] = [];
  let shift = 0;
  let value = 0;
  for (const ch of segment) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) throw new Error(`invalid source map character "${ch}"`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      const negative = value & 1;
      const magnitude = value >>> 1;
      values.push(negative ? -magnitude : magnitude);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Original line (1-based) of every generated line (index 0 = generated line 1).
 * A generated line without a mapping inherits the line before it.
 */
export function lineTableFromMappings(mappings: string, generatedLineCount: number): number[] {
  const table: number[] = [];
  let originalLine = 0; // 0-based, carried across segments as the VLQ deltas require
  let last = 1;
  const lines = mappings.split(';');
  for (let g = 0; g < Math.max(generatedLineCount, lines.length); g++) {
    const line = lines[g] ?? '';
    let first: number | null = null;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const v = decodeVlqSegment(seg);
      if (v.length >= 4) {
        originalLine += v[2]!;
        if (first === null) first = originalLine + 1;
      }
    }
    if (first !== null) last = first;
    table.push(last);
  }
  return table.slice(0, Math.max(generatedLineCount, 1));
}

/** Map a generated line (1-based) to the original line through a table; beyond the table, the last entry. */
export function originalLine(table: readonly number[], generatedLine: number): number {
  if (table.length === 0) return generatedLine;
  const i = Math.min(Math.max(generatedLine - 1, 0), table.length - 1);
  return table[i]!;
}
