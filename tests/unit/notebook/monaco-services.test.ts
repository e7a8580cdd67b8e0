import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Monaco's TypeScript mode (tsMode.js, loaded after the first editor exists)
 * brings contributions whose services Monaco only knows if they were
 * registered before its first editor was created. The cell editor's entry
 * (editor/monaco.ts) must therefore reach every module that registers a
 * service in tsMode's import graph, or a second editor fails with
 * "depends on UNKNOWN service". This reads the installed Monaco, so an
 * upgrade that adds such a service fails here rather than in a reader's page.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MONACO = path.join(ROOT, 'node_modules/monaco-editor/esm/vs');
const ENTRY = path.join(ROOT, 'src/lib/client/notebook/editor/monaco.ts');

/** Every JavaScript module reachable by static imports from `entries`. */
function graph(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file) || !file.endsWith('.js') || !fs.existsSync(file)) continue;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g))
      stack.push(path.resolve(path.dirname(file), m[1]!));
  }
  return seen;
}

const registersService = (file: string) => /\bregisterSingleton\(/.test(fs.readFileSync(file, 'utf8'));

describe('the cell editor’s Monaco entry', () => {
  it('registers every service the late-loaded TypeScript mode’s contributions need', () => {
    const entrySource = fs.readFileSync(ENTRY, 'utf8');
    const entries = [...entrySource.matchAll(/(?:import|export)[^'";]*?['"]monaco-editor\/([^'"?]+\.js)['"]/g)].map((m) => path.join(MONACO, m[1]!));
    expect(entries.length).toBeGreaterThan(10);
    const ours = graph(entries);
    const late = graph([path.join(MONACO, 'languages/features/typescript/tsMode.js')]);
    const lateServices = [...late].filter(registersService);
    // The check only means something while the TypeScript mode brings services at all.
    expect(lateServices.length).toBeGreaterThan(10);
    const missing = lateServices.filter((f) => !ours.has(f)).map((f) => path.relative(MONACO, f));
    expect(missing).toEqual([]);
  });
});
