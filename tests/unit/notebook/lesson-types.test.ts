import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { declaredGlobals } from '../../../src/lib/shared/notebook/cell-declarations';
import { cellTypeLibs } from '../../../src/lib/shared/notebook/cell-type-libs';
import { CELL_GLOBALS_DTS } from '../../../src/lib/shared/notebook/cell-globals';
import { restApiTypes } from '../../../src/lib/shared/rest/dts';

/**
 * Every lesson's cells type-check the way the editor checks them (same
 * options, the cell helpers' and REST API's types, each earlier cell's names
 * typed from their cell): a reader who opens the editor on an unedited cell
 * sees no red squiggle.
 */

const LESSONS = path.resolve('src/content/lessons');
// The editor's options (src/lib/client/notebook/editor/cell-editor.ts), with the DOM lib standing in for webworker's globals.
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'],
  strict: true,
  noEmit: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
};
const IGNORED = new Set([1375, 1378, 6133]);

/** Cells and exercise starters; with `solutions`, each exercise's starter is replaced by its solution (what "Show solution" loads). */
function cellsOf(markdown: string, solutions = false): Array<{ id: string; code: string }> {
  const fences = [...markdown.matchAll(/^```ts (cell|exercise|solution)\b([^\n]*)\n([\s\S]*?)^```/gm)];
  const out: Array<{ id: string; code: string }> = [];
  for (const [, kind, info, code] of fences) {
    if (kind === 'solution') {
      if (solutions) out[out.length - 1]!.code = code!;
      continue;
    }
    out.push({ id: /\bid=([\w-]+)/.exec(info!)![1]!, code: code! });
  }
  return out;
}

function typeErrors(cells: Array<{ id: string; code: string }>): string[] {
  const rest = restApiTypes();
  const reserved = new Set([...declaredGlobals(CELL_GLOBALS_DTS), ...declaredGlobals(rest)]);
  const { libs, loose } = cellTypeLibs(
    cells.map((c) => c.code),
    reserved,
  );
  const files: Record<string, string> = {
    '/types/cell-globals.d.ts': CELL_GLOBALS_DTS,
    '/types/rest-api.d.ts': rest,
    '/types/cells-shared.d.ts': loose,
  };
  libs.forEach((text, i) => {
    if (text) files[`/types/cell-${i}.ts`] = text;
  });
  cells.forEach((c, i) => (files[`/cells/${i}-${c.id}.ts`] = c.code));
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => (files[f] !== undefined ? ts.createSourceFile(f, files[f], lang) : read(f, lang));
  host.fileExists = (f) => files[f] !== undefined || ts.sys.fileExists(f);
  host.readFile = (f) => files[f] ?? ts.sys.readFile(f);
  const program = ts.createProgram(Object.keys(files), OPTIONS, host);
  const out: string[] = [];
  cells.forEach((c, i) => {
    for (const d of ts.getPreEmitDiagnostics(program, program.getSourceFile(`/cells/${i}-${c.id}.ts`))) {
      if (IGNORED.has(d.code)) continue;
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      out.push(`${c.id} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  });
  return out;
}

describe('lesson cells type-check as the editor checks them', () => {
  for (const file of fs.readdirSync(LESSONS).filter((f) => f.endsWith('.md'))) {
    it(file, () => {
      const cells = cellsOf(fs.readFileSync(path.join(LESSONS, file), 'utf8'));
      expect(cells.length).toBeGreaterThan(0);
      expect(typeErrors(cells)).toEqual([]);
    });
    it(`${file}, with each exercise's solution loaded`, () => {
      expect(typeErrors(cellsOf(fs.readFileSync(path.join(LESSONS, file), 'utf8'), true))).toEqual([]);
    });
  }

  it('raises no false alarm for a name a later cell declares again, or for a generic type used with arguments', () => {
    const redeclared = [
      { id: 'a', code: "const health = await (await fetch('/x')).json() as { status: string };" },
      { id: 'b', code: 'console.log(Object.entries(health as Record<string, unknown>));' },
      { id: 'c', code: 'const health = 5;' },
    ];
    expect(typeErrors(redeclared)).toEqual([]);
    expect(
      typeErrors([
        { id: 'a', code: 'type Pair<T> = [T, T];' },
        { id: 'b', code: 'const p: Pair<number> = [1, 2];\nconst q: Pair = [1, 2];' },
      ]),
    ).toEqual([]);
  });

  it("would catch a wrong use of an earlier cell's name", () => {
    expect(
      typeErrors([
        { id: 'a', code: "const r = await fetch('/x');" },
        { id: 'b', code: 'const s: string = r.status;' },
      ]),
    ).toEqual(["b line 1: Type 'number' is not assignable to type 'string'."]);
  });
});
