import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { restApiTypes } from '../../../src/lib/shared/rest/dts';

/** The editor's REST types come from the OpenAPI document and type-check cell code as expected. */

/** Type-check several cells in one program (parsing the standard library once); diagnostics per cell. */
function diagnostics(cells: Record<string, string>): Record<string, string[]> {
  const files: Record<string, string> = { 'rest.d.ts': restApiTypes() };
  // Cells are scripts in the editor: their top-level declarations share the global scope with these types.
  for (const [name, code] of Object.entries(cells)) files[`${name}.ts`] = code;
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (name in files ? ts.createSourceFile(name, files[name]!, lang) : read(name, lang));
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(cells).map((c) => [c, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const cell = d.file?.fileName.replace(/\.ts$/, '') ?? 'global';
    (out[cell] ??= []).push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return out;
}

describe('restApiTypes', () => {
  it('declares the records with their fields and docs', () => {
    const dts = restApiTypes();
    expect(dts).toContain('interface Todo {');
    expect(dts).toMatch(/interface User \{[\s\S]*address\?: Address;/);
    expect(dts).toContain('interface RestError {');
    expect(dts).not.toMatch(/interface Error\b/);
  });

  it('accepts correct cell code and flags wrong field types', () => {
    const found = diagnostics({
      good: 'const t: Todo = { userId: 1, id: 1, title: "x", completed: false }; const p: TodoPatch = { completed: true }; const e: RestError["error"]["fields"] = {};',
      bad: 'const t2: Todo = { userId: "1", id: 1, title: "x", completed: false };',
      // The lesson declares its own Todo, as readers do; it merges with the generated one.
      lesson:
        'interface Todo { userId: number; id: number; title: string; completed: boolean }\nconst t3: Todo = { userId: 1, id: 1, title: "x", completed: true };',
    });
    expect(found.good).toEqual([]);
    expect(found.lesson).toEqual([]);
    expect(found.bad!.join('\n')).toContain("Type 'string' is not assignable to type 'number'");
    expect(found.global ?? []).toEqual([]);
  });
});
