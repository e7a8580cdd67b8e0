import fs from 'node:fs';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import remarkNotebookCells, { type CellSummary, type ExerciseSummary } from '../../../src/integrations/notebook/remark-cells';
import { CellMetaError } from '../../../src/lib/shared/notebook/cell-meta';
import { exercisePartOf, parseExerciseMeta } from '../../../src/lib/shared/practice/exercise-meta';

/**
 * Exercise fences through Astro's own Markdown pipeline: what they render
 * (task, starter cell, hints as <details>, hidden check, never the
 * solution) and every authoring mistake stopping the build with file and line.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/notebook');

async function render(name: string) {
  const processor = await createMarkdownProcessor({
    remarkPlugins: [[remarkNotebookCells, {}]],
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false },
  });
  const file = path.join(FIXTURES, name);
  const body = fs.readFileSync(file, 'utf8');
  const opts = { fileURL: new URL(`file://${file}`) } as Parameters<typeof processor.render>[1];
  return processor.render(body, opts);
}

describe('exercise fences', () => {
  beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('render a task with its starter cell, hints as <details>, the compiled check and no solution', async () => {
    const { code: html, metadata } = await render('exercise-valid.md');
    const fm = metadata.frontmatter as { cells: CellSummary[]; exercises: ExerciseSummary[] };
    expect(fm.exercises.map((x) => [x.id, x.title, x.verify, x.hints, x.line])).toEqual([
      ['todo-title', 'Print a title', null, 2, 5],
      ['server-side', 'Complete todo 7', 'todo-7-completed', 1, 24],
    ]);
    expect(fm.exercises[0]!.solution).toContain("fetch('/api/rest/todos/2')");
    // The starter is an ordinary cell (Run, Edit, saved edits).
    expect(fm.cells.map((c) => c.id)).toEqual(['todo-title', 'server-side']);
    expect(html).toContain('<div class="nb-exercise" id="exercise-todo-title" data-exercise="todo-title" role="group"');
    expect(html).toContain('data-exercise="server-side" data-verify="todo-7-completed"');
    expect(html).toMatch(
      /data-exercise="todo-title"[\s\S]*<section class="nb-cell" id="cell-todo-title" data-cell="todo-title" data-hash="[0-9a-f]{16}" data-timeout="20"/,
    );
    expect(html).toContain('data-check-state="idle" role="status" aria-live="polite"');
    expect(html).toContain('<button type="button" class="nb-btn" data-ex-action="check">Check</button>');
    expect(html).toContain(
      '<details class="nb-hint" data-hint="1"><summary>Hint 1 of 2</summary><p>Use <code>fetch</code> with the path of todo 2.</p><p>Then read the body with <code>.json()</code>.</p></details>',
    );
    // Hint text is text: authors' HTML is escaped.
    expect(html).toContain('A second hint &#x3C;b>not HTML&#x3C;/b>.');
    // The check ships compiled; the solution is not in the page at all.
    const check = /<script type="application\/json" class="nb-ex-check">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(check).code).toContain('r.path === "/api/rest/todos/2"');
    // Its names stay local to the check: none leak into the learner's scope.
    expect(JSON.parse(check).declared).toEqual([]);
    expect(html).not.toContain('todo.title');
    expect(html).not.toContain('PATCH');
  });

  it('fail the build for a missing solution, with the file and line', async () => {
    await expect(render('exercise-no-solution.md')).rejects.toThrow(/exercise-no-solution\.md:3: exercise "lonely" has no solution/);
  });

  it('fail the build for a check without an exercise', async () => {
    await expect(render('exercise-stray-check.md')).rejects.toThrow(/exercise-stray-check\.md:9: a check fence without an exercise/);
  });

  it('fail the build for an id a cell already uses', async () => {
    await expect(render('exercise-duplicate-id.md')).rejects.toThrow(
      /exercise-duplicate-id\.md:7: duplicate cell id "same" \(first used on line 3\)/,
    );
  });

  it('fail the build for an unknown server verification', async () => {
    await expect(render('exercise-bad-verify.md')).rejects.toThrow(/exercise-bad-verify\.md:3: unknown verification "todo-completd"/);
  });

  it('fail the build for a check that does not compile, at its line', async () => {
    await expect(render('exercise-check-does-not-compile.md')).rejects.toThrow(
      /exercise-check-does-not-compile\.md:7: the check of exercise "broken-check" does not compile/,
    );
  });
});

describe('exercise info strings', () => {
  it('need an id and a title, and know their options', () => {
    expect(parseExerciseMeta('exercise id=a title="A b" timeout=5')).toEqual({ id: 'a', title: 'A b', verify: null, timeoutSec: 5 });
    expect(() => parseExerciseMeta('exercise title=x')).toThrow(CellMetaError);
    expect(() => parseExerciseMeta('exercise id=a')).toThrow(/has no title/);
    expect(() => parseExerciseMeta('exercise id=a title=b expect=c')).toThrow(/unknown exercise option "expect"/);
    expect(() => parseExerciseMeta('exercise id=A title=b')).toThrow(/lower-case/);
  });

  it('tell parts from other fences', () => {
    expect(exercisePartOf('ts', 'check')).toBe('check');
    expect(exercisePartOf('ts', 'solution')).toBe('solution');
    expect(exercisePartOf('md', 'hint')).toBe('hint');
    expect(exercisePartOf('ts', 'cell id=x')).toBeNull();
    expect(exercisePartOf('python', 'check')).toBeNull();
  });
});
