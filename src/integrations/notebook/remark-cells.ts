import { createHash } from 'node:crypto';
import { transform as esbuildTransform } from 'esbuild';
import type { Code, Html, Parent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { highlightCode } from '../../lib/server/notebook/highlight';
import { CellMetaError, isCellFence, parseCellMeta, type CellMeta } from '../../lib/shared/notebook/cell-meta';
import { cellUses } from '../../lib/shared/notebook/cell-uses';
import { compileCell, type CompiledCell, type TransformFn } from '../../lib/shared/notebook/compile-cell';
import { DEFAULT_LESSON_SCOPES } from '../../lib/shared/scopes';
import { renderCellHtml } from './cell-html';

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
  visit(tree, 'code', (node: Code, index, parent) => {
    if (!parent || index === undefined || !isCellFence(node.lang, node.meta)) return;
    const line = node.position?.start.line;
    let meta: CellMeta;
    try {
      meta = parseCellMeta(node.meta ?? '');
    } catch (err) {
      if (err instanceof CellMetaError) throw new CellAuthoringError(`${where(file, line)}: ${err.message}`);
      throw err;
    }
    const previous = ids.get(meta.id);
    if (previous !== undefined) {
      throw new CellAuthoringError(`${where(file, line)}: duplicate cell id "${meta.id}" (first used on line ${previous})`);
    }
    ids.set(meta.id, line ?? 0);
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
    const compiled = await compileCell(f.node.value, { transform: esbuildTransform as unknown as TransformFn, cellId: f.meta.id });
    if (!compiled.ok) {
      const e = compiled.errors[0]!;
      // The code starts on the line after the fence.
      throw new CellAuthoringError(`${where(file, line + e.line)}: cell "${f.meta.id}" does not compile: ${e.message}`);
    }
    compiledCells.push(compiled.cell);
  }
  const uses = cellUses(found.map((f, i) => ({ id: f.meta.id, title: f.meta.title ?? `Cell ${f.meta.id}`, declared: compiledCells[i]!.declared, code: compiledCells[i]!.code })));
  const summaries: CellSummary[] = [];
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
    const replacement: Html = { type: 'html', value: html };
    f.parent.children.splice(f.index, f.python ? 2 : 1, replacement);
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
}
