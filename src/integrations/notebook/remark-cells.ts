import { createHash } from 'node:crypto';
import { transform as esbuildTransform } from 'esbuild';
import type { Code, Html, Parent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { highlightCode } from '../../lib/server/notebook/highlight';
import { CellMetaError, isCellFence, parseCellMeta, type CellMeta } from '../../lib/shared/notebook/cell-meta';
import { cellUses } from '../../lib/shared/notebook/cell-uses';
import { compileCell, type CompiledCell } from '../../lib/shared/notebook/compile-cell';
import { DEFAULT_LESSON_SCOPES } from '../../lib/shared/scopes';
import { renderCellHtml } from './cell-html';
import { collectExercise, ExerciseShapeError, strayPartError, type FoundExercise } from './exercise-collect';
import { renderExerciseHtml } from './exercise-html';
import { exerciseCellMeta, exercisePartOf, isExerciseFence } from '../../lib/shared/practice/exercise-meta';

/**
 * The remark plugin behind notebook lessons: every ```ts cell fence becomes
 * a cell (Shiki-highlighted code that reads fine without JavaScript, plus its
 * JavaScript compiled here at build time so Run needs no compiler in the
 * browser); a ```python fence right after a cell becomes its Python tab.
 * Bad fences (missing or duplicate ids, unknown options, code that does not
 * compile) stop the build with the file and line.
 */

/** What the lesson page and the server learn about each cell (remarkPluginFrontmatter.cells). */
export interface CellSummary {
  id: string;
  title: string | null;
  expect: string | null;
  /** SHA-256 (16 hex) of the original TypeScript: a saved edit remembers it to notice later changes. */
  hash: string;
  line: number;
  hasPython: boolean;
}

/** What the server learns about each exercise (remarkPluginFrontmatter.exercises); the solution stays server-side. */
export interface ExerciseSummary {
  id: string;
  title: string;
  verify: string | null;
  hints: number;
  solution: string;
  line: number;
}

/** Options; `engineDigest` only makes Astro's content cache notice a new engine version. */
export interface RemarkCellsOptions {
  engineDigest?: string;
}

/** An authoring error, prefixed with file:line. */
export class CellAuthoringError extends Error {
  override name = 'CellAuthoringError';
}

const REGISTRY = Symbol.for('interview-lab.notebook.authoring-errors');

/**
 * Authoring errors of the current build, by file. Astro's content loader logs
 * a failing render and carries on, so the integration checks this list and
 * fails the build (see index.ts).
 */
export function authoringErrors(): Map<string, string> {
  const g = globalThis as { [REGISTRY]?: Map<string, string> };
  g[REGISTRY] ??= new Map();
  return g[REGISTRY];
}

/** SHA-256 of a cell's source, 16 hex characters. */
export function cellHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 16);
}

function where(file: VFile, line: number | undefined): string {
  const path = file.path ? file.path.replace(/^.*?(src\/content\/)/, '$1') : '<markdown>';
  return `${path}:${line ?? '?'}`;
}

interface Found {
  node: Code;
  parent: Parent;
  index: number;
  meta: CellMeta;
  python: Code | null;
  exercise?: FoundExercise;
}

/** The plugin. */
export default function remarkNotebookCells(_options: RemarkCellsOptions = {}) {
  return async function transformer(tree: Root, file: VFile): Promise<void> {
    const key = file.path ?? '<markdown>';
    try {
      await transform(tree, file);
      authoringErrors().delete(key);
    } catch (err) {
      if (err instanceof CellAuthoringError) authoringErrors().set(key, err.message);
      throw err;
    }
  };
}

async function transform(tree: Root, file: VFile): Promise<void> {
  const found: Found[] = [];
  const ids = new Map<string, number>();
  const claimed = new Set<Code>();
  const claimId = (id: string, line: number | undefined) => {
    const previous = ids.get(id);
    if (previous !== undefined) {
      throw new CellAuthoringError(`${where(file, line)}: duplicate cell id "${id}" (first used on line ${previous})`);
    }
    ids.set(id, line ?? 0);
  };
  visit(tree, 'code', (node: Code, index, parent) => {
    if (!parent || index === undefined) return;
    const line = node.position?.start.line;
    if (isExerciseFence(node.lang, node.meta)) {
      let exercise: FoundExercise;
      try {
        exercise = collectExercise(node, parent, index, claimed);
      } catch (err) {
        if (err instanceof ExerciseShapeError) throw new CellAuthoringError(`${where(file, err.line)}: ${err.message}`);
        throw err;
      }
      claimId(exercise.meta.id, line);
      found.push({ node, parent, index, meta: exerciseCellMeta(exercise.meta), python: null, exercise });
      return;
    }
    if (exercisePartOf(node.lang, node.meta) && !claimed.has(node)) {
      const err = strayPartError(node);
      throw new CellAuthoringError(`${where(file, err.line)}: ${err.message}`);
    }
    if (!isCellFence(node.lang, node.meta)) return;
    let meta: CellMeta;
    try {
      meta = parseCellMeta(node.meta ?? '');
    } catch (err) {
      if (err instanceof CellMetaError) throw new CellAuthoringError(`${where(file, line)}: ${err.message}`);
      throw err;
    }
    claimId(meta.id, line);
    const next = parent.children[index + 1];
    const python = next && next.type === 'code' && (next.lang === 'python' || next.lang === 'py') ? next : null;
    found.push({ node, parent, index, meta, python });
  });

  const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
  const declared = data.astro?.frontmatter?.scopes;
  const pythonScopes = Array.isArray(declared) ? declared.map(String) : DEFAULT_LESSON_SCOPES;
  // Compile every cell first (page order): each cell's HTML says which earlier cells it uses.
  const compiledCells: CompiledCell[] = [];
  for (const f of found) {
    const line = f.node.position?.start.line ?? 0;
    const compiled = await compileCell(f.node.value, { transform: esbuildTransform, cellId: f.meta.id });
    if (!compiled.ok) {
      const e = compiled.errors[0]!;
      // The code starts on the line after the fence.
      throw new CellAuthoringError(`${where(file, line + e.line)}: cell "${f.meta.id}" does not compile: ${e.message}`);
    }
    compiledCells.push(compiled.cell);
  }
  const uses = cellUses(
    found.map((f, i) => ({
      id: f.meta.id,
      title: f.meta.title ?? `Cell ${f.meta.id}`,
      declared: compiledCells[i]!.declared,
      code: compiledCells[i]!.code,
    })),
  );
  const summaries: CellSummary[] = [];
  const exercises: ExerciseSummary[] = [];
  // Replace from the last cell so earlier indexes stay valid.
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]!;
    const line = f.node.position?.start.line ?? 0;
    const label = f.meta.title ?? `Cell ${f.meta.id}`;
    const html = await renderCellHtml({
      meta: f.meta,
      source: f.node.value,
      hash: cellHash(f.node.value),
      tsHtml: await highlightCode(f.node.value, 'ts', `${label}: TypeScript code`),
      pythonHtml: f.python ? await highlightCode(f.python.value, 'python', `${label}: Python code`) : null,
      pythonScopes,
      uses: uses[i]!,
      compiled: compiledCells[i]!,
    });
    if (f.exercise) {
      const x = f.exercise;
      // A check's own names stay local (wrapped on its first line, so lines still match): they must not clobber the learner's.
      const check = await compilePart(
        file,
        x.check,
        `${x.meta.id}--check`,
        `the check of exercise "${x.meta.id}"`,
        (src) => `await (async () => {${src}\n})();`,
      );
      await compilePart(file, x.solution, `${x.meta.id}--solution`, `the solution of exercise "${x.meta.id}"`);
      const value = renderExerciseHtml({
        id: x.meta.id,
        title: x.meta.title,
        cellHtml: html,
        hints: x.hints.map((h) => h.value),
        check,
        verify: x.meta.verify,
      });
      f.parent.children.splice(f.index, x.span, { type: 'html', value } satisfies Html);
      exercises.unshift({ id: x.meta.id, title: x.meta.title, verify: x.meta.verify, hints: x.hints.length, solution: x.solution.value, line });
    } else {
      const replacement: Html = { type: 'html', value: html };
      f.parent.children.splice(f.index, f.python ? 2 : 1, replacement);
    }
    summaries.unshift({
      id: f.meta.id,
      title: f.meta.title,
      expect: f.meta.expect,
      hash: cellHash(f.node.value),
      line,
      hasPython: f.python !== null,
    });
  }

  data.astro ??= {};
  data.astro.frontmatter ??= {};
  data.astro.frontmatter.cells = summaries;
  data.astro.frontmatter.exercises = exercises;
}

/** Compile an exercise's check or solution, or stop the build at the failing line. */
async function compilePart(file: VFile, node: Code, cellId: string, what: string, wrap: (src: string) => string = (src) => src) {
  const compiled = await compileCell(wrap(node.value), { transform: esbuildTransform, cellId });
  if (compiled.ok) return compiled.cell;
  const e = compiled.errors[0]!;
  throw new CellAuthoringError(`${where(file, (node.position?.start.line ?? 0) + e.line)}: ${what} does not compile: ${e.message}`);
}
