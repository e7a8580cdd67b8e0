import fs from 'node:fs';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import remarkNotebookCells, { authoringErrors, cellHash, type CellSummary } from '../../../src/integrations/notebook/remark-cells';
import type { CompiledCell } from '../../../src/lib/shared/notebook/compile-cell';

/**
 * The remark plugin through Astro's own Markdown pipeline (the same
 * processor `astro build` uses), on fixture lessons.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notebook');

async function render(name: string) {
  const processor = await createMarkdownProcessor({
    remarkPlugins: [[remarkNotebookCells, {}]],
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false },
  });
  const file = path.join(FIXTURES, name);
  const body = fs.readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, (fm) => '\n'.repeat(fm.split('\n').length - 1));
  // `fileURL` is how Astro's loaders name the file (the vfile path); the public type omits it.
  const opts = { fileURL: new URL(`file://${file}`) } as Parameters<typeof processor.render>[1];
  return processor.render(body, opts);
}

function compiledOf(html: string, id: string): CompiledCell & { source: string } {
  const section = new RegExp(`<section[^>]*data-cell="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
  const json = /<script type="application\/json" class="nb-compiled">([\s\S]*?)<\/script>/.exec(section)?.[1];
  expect(json, `cell ${id} carries its compiled code`).toBeTruthy();
  return JSON.parse(json!) as CompiledCell & { source: string };
}

describe('remark notebook cells', () => {
  // Astro's processor logs every failed render before rethrowing; the tests assert on the errors instead.
  beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('turns cell fences into cells with highlighted code, compiled JavaScript and a Python tab', async () => {
    const { code: html, metadata } = await render('valid.md');
    const cells = (metadata.frontmatter as { cells: CellSummary[] }).cells;
    expect(cells.map((c) => c.id)).toEqual(['first', 'second']);
    expect(cells[0]).toMatchObject({ title: 'The first cell', expect: 'one', hasPython: true, line: 7 });
    expect(cells[0]!.hash).toBe(cellHash("const one: number = 1;\nconsole.log('one', one);"));
    expect(cells[1]).toMatchObject({ title: null, expect: null, hasPython: false });

    // Cell markup: id, timeout, expect, autorun, toolbar hidden until the script runs.
    expect(html).toContain('<section class="nb-cell" id="cell-first" data-cell="first"');
    expect(html).toContain('data-timeout="30" data-expect="one"');
    expect(html).toMatch(/id="cell-second"[^>]*data-timeout="5"[^>]*data-autorun/);
    expect(html).toContain('<div class="nb-toolbar" role="toolbar" aria-label="The first cell: actions" hidden>');
    // Shiki, with both themes as CSS variables, readable without JavaScript.
    const pre = /<pre class="shiki shiki-themes github-light github-dark astro-code nb-pre"[^>]*>/.exec(html)?.[0] ?? '';
    expect(pre).toContain('aria-label="The first cell: TypeScript code"');
    expect(pre).toContain('tabindex="0"');
    expect(html).toContain('--shiki-dark:');
    // The Python tab, highlighted as Python.
    expect(html).toMatch(/<div class="nb-panel nb-panel-py" id="cell-first-py">[\s\S]*?aria-label="The first cell: Python code"[\s\S]*?print/);
    expect(html).toContain('role="tab" class="nb-tab" id="cell-first-tab-py"');

    // Build-time JavaScript for the kernel, plus the source for Edit/Reset.
    const first = compiledOf(html, 'first');
    expect(first.source).toBe("const one: number = 1;\nconsole.log('one', one);");
    expect(first.code).toMatch(/^async function\(__nbScope,console,display,fetch,WebSocket,/);
    expect(first.code).not.toContain(': number');
    expect(first.declared).toEqual(['one']);
    expect(compiledOf(html, 'second').code).toContain('await sleep(1)');
  });

  it('leaves other fences alone: a plain ts fence and a Python fence that follows prose', async () => {
    const { code: html } = await render('valid.md');
    expect(html.match(/class="nb-cell"/g)).toHaveLength(2);
    expect(html).toContain('notACell');
    // The standalone Python fence is Astro's own highlighted block, outside any cell.
    const after = html.slice(html.lastIndexOf('</section>'));
    expect(after).toMatch(/<pre class="astro-code[^"]*"[\s\S]*plain/);
    expect(after).not.toContain('nb-panel');
  });

  it('rejects a duplicate cell id with the file and line', async () => {
    await expect(render('duplicate-id.md')).rejects.toThrow(/duplicate-id\.md:9: duplicate cell id "same" \(first used on line 3\)/);
    expect([...authoringErrors().values()].some((m) => m.includes('duplicate-id.md:9'))).toBe(true);
  });

  it('rejects a cell without an id with the file and line', async () => {
    await expect(render('missing-id.md')).rejects.toThrow(/missing-id\.md:5: cell has no id/);
  });

  it('rejects an unknown option, so a typo does not silently drop an expectation', async () => {
    await expect(render('unknown-option.md')).rejects.toThrow(/unknown-option\.md:3: unknown cell option "expext"/);
  });

  it('rejects code that does not compile, at the line of the error in the file', async () => {
    await expect(render('does-not-compile.md')).rejects.toThrow(/does-not-compile\.md:5: cell "broken" does not compile: Unexpected ";"/);
  });

  it('forgets a file’s error once it renders cleanly again', async () => {
    await render('valid.md');
    expect([...authoringErrors().keys()].some((k) => k.endsWith('valid.md'))).toBe(false);
  });
});
