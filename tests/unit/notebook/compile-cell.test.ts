import vm from 'node:vm';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compileCell, KERNEL_PARAMS, MAX_CELL_SOURCE, type CompiledCell, type TransformFn } from '../../../src/lib/shared/notebook/compile-cell';
import { toKernelBody } from '../../../src/lib/shared/notebook/kernel-transform';
import { decodeVlqSegment, lineTableFromMappings, originalLine } from '../../../src/lib/shared/notebook/source-map-lines';

/**
 * The compile step (TypeScript -> kernel function) with the same esbuild the
 * build uses, and the compiled functions run in a V8 context the way the
 * kernel runs them: one shared scope object across cells.
 */

const esbuild = transform as unknown as TransformFn;

async function compile(source: string, cellId = 'c'): Promise<CompiledCell> {
  const r = await compileCell(source, { transform: esbuild, cellId });
  if (!r.ok) throw new Error(`did not compile: ${JSON.stringify(r.errors)}`);
  return r.cell;
}

/** A minimal kernel: shared scope, captured console output, real timers. */
function kernel() {
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const lines: string[] = [];
  const log = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  const helpers: Record<string, unknown> = {
    console: { log, info: log, warn: log, error: log },
    display: (v: unknown) => lines.push(`display ${JSON.stringify(v)}`),
    fetch: () => Promise.reject(new Error('no network here')),
    WebSocket: class {},
    setTimeout,
    setInterval,
    clearTimeout,
    clearInterval,
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
    assert: (c: unknown, m?: string) => {
      if (!c) throw new Error(m ?? 'Assertion failed');
    },
    portal: { origin: 'http://portal.test', token: 'ill_x', lesson: 'x' },
  };
  return {
    scope,
    lines,
    async run(cell: CompiledCell): Promise<void> {
      for (const n of cell.declared) if (!(n in scope)) scope[n] = undefined;
      const fn = vm.runInThisContext(`(${cell.code})`) as (...a: unknown[]) => Promise<void>;
      await fn(scope, ...KERNEL_PARAMS.slice(1).map((p) => helpers[p]));
    },
  };
}

describe('compileCell', () => {
  it('shares top-level declarations between cells, like a notebook kernel', async () => {
    const k = kernel();
    await k.run(await compile("let count: number = 0;\nfunction bump(): number { return ++count; }\nconst label = 'runs';"));
    await k.run(await compile('bump();\nbump();\nconsole.log(label, count);'));
    expect(k.lines).toEqual(['runs 2']);
    // A closure from the first cell sees assignments made by a later one.
    await k.run(await compile('count = 10;\nconsole.log(bump());'));
    expect(k.lines.at(-1)).toBe('11');
  });

  it('lets a cell be run again (re-declaring its const) and resets its let without initialiser', async () => {
    const k = kernel();
    const cell = await compile('const stamp = 1;\nlet later: string;\nconsole.log(stamp, later);');
    await k.run(cell);
    k.scope.later = 'set elsewhere';
    await k.run(cell);
    expect(k.lines).toEqual(['1 undefined', '1 undefined']);
  });

  it('supports top-level await, destructuring, classes and helpers', async () => {
    const k = kernel();
    await k.run(
      await compile(
        'interface P { x: number; y: number }\nconst { x, y: [first, ...rest] = [] }: any = { x: 1, y: [2, 3, 4] };\nclass Point implements P { constructor(public x: number, public y: number) {} }\nawait sleep(5);\ndisplay(new Point(x, first));\nconsole.log(rest.length);',
      ),
    );
    await k.run(await compile('console.log(new Point(7, 8).y, typeof first);'));
    expect(k.lines).toEqual(['display {"x":1,"y":2}', '2', '8 number']);
  });

  it('never leaks a cell’s names into the global object', async () => {
    const k = kernel();
    await k.run(await compile('var leaked = 1;\nconst alsoLeaked = 2;'));
    expect('leaked' in globalThis).toBe(false);
    expect('alsoLeaked' in globalThis).toBe(false);
    expect(k.scope.leaked).toBe(1);
  });

  it('maps every line of the compiled function back to the line the author wrote', async () => {
    const cell = await compile("type Id = number;\n\nconst id: Id = 1;\n\nthrow new Error('line five');");
    const k = kernel();
    const err = await k.run(cell).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const at = /evalmachine\.<anonymous>:(\d+):\d+/.exec((err as Error).stack ?? '');
    expect(at).toBeTruthy();
    expect(originalLine(cell.lines, Number(at![1]))).toBe(5);
  });

  it('reports syntax errors at the author’s line and column', async () => {
    const r = await compileCell('const ok = 1;\nconst broken = ;', { transform: esbuild, cellId: 'c' });
    expect(r).toEqual({ ok: false, errors: [{ message: 'Unexpected ";"', line: 2, column: 16 }] });
  });

  it('refuses import and export with a line number, and oversized cells', async () => {
    const imp = await compileCell("// first line\nimport fs from 'node:fs';\nconsole.log(fs);", { transform: esbuild, cellId: 'c' });
    expect(imp.ok).toBe(false);
    if (!imp.ok) expect(imp.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('import statements do not work in cells') });
    const exp = await compileCell('export const x = 1;', { transform: esbuild, cellId: 'c' });
    expect(exp.ok).toBe(false);
    const big = await compileCell('x'.repeat(MAX_CELL_SOURCE + 1), { transform: esbuild, cellId: 'c' });
    expect(big).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('longer than') }] });
  });
});

describe('toKernelBody', () => {
  it('keeps every line where it was', () => {
    const js = 'const a = 1,\n  b = 2;\nlet { c,\n  d } = o;\nclass K {\n}\nfunction f() {}\n';
    const { body, declared, hoisted } = toKernelBody(js);
    expect(body.split('\n')).toHaveLength(js.split('\n').length);
    expect(declared).toEqual(['a', 'b', 'c', 'd', 'K', 'f']);
    expect(hoisted).toEqual(['f']);
    expect(body).toContain('(a = 1)');
    expect(body).toContain(';K = class K {\n};');
  });
});

describe('source map line tables', () => {
  it('decodes base64 VLQ segments', () => {
    expect(decodeVlqSegment('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlqSegment('AACA')).toEqual([0, 0, 1, 0]);
    expect(decodeVlqSegment('gBAAD')).toEqual([16, 0, 0, -1]);
  });

  it('carries the last original line over generated lines without mappings', () => {
    expect(lineTableFromMappings('AAAA;;AAEA;AACA', 4)).toEqual([1, 1, 3, 4]);
    expect(originalLine([1, 1, 3, 4], 99)).toBe(4);
  });
});
