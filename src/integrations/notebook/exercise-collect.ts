import type { Code, Parent } from 'mdast';
import { CellMetaError } from '../../lib/shared/notebook/cell-meta';
import { checkPartMeta, exercisePartOf, parseExerciseMeta, type ExerciseMeta, type ExercisePart } from '../../lib/shared/practice/exercise-meta';

/**
 * Build-time grouping of an exercise with its parts. The parts (check, hints,
 * solution) follow the exercise fence directly; anything that breaks that
 * shape is an authoring error the caller reports with file and line.
 */

/** An exercise fence and the part fences that follow it. */
export interface FoundExercise {
  meta: ExerciseMeta;
  node: Code;
  parent: Parent;
  index: number;
  check: Code;
  hints: Code[];
  solution: Code;
  /** How many sibling nodes (the exercise and its parts) the rendered exercise replaces. */
  span: number;
}

/** An authoring problem at a line (the caller adds the file). */
export class ExerciseShapeError extends Error {
  override name = 'ExerciseShapeError';
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Most hints one exercise may have. */
export const MAX_HINTS = 5;

/**
 * Read an exercise fence at `parent.children[index]` and the parts after it.
 * `claimed` collects the part fences so the caller can refuse stray ones.
 */
export function collectExercise(node: Code, parent: Parent, index: number, claimed: Set<Code>): FoundExercise {
  const line = node.position?.start.line;
  let meta: ExerciseMeta;
  try {
    meta = parseExerciseMeta(node.meta ?? '');
  } catch (err) {
    if (err instanceof CellMetaError) throw new ExerciseShapeError(line, err.message);
    throw err;
  }
  const parts: Record<ExercisePart, Code[]> = { check: [], hint: [], solution: [] };
  let j = index + 1;
  for (; j < parent.children.length; j++) {
    const sibling = parent.children[j]!;
    if (sibling.type !== 'code') break;
    const part = exercisePartOf(sibling.lang, sibling.meta);
    if (!part) break;
    try {
      checkPartMeta(part, sibling.meta ?? '');
    } catch (err) {
      if (err instanceof CellMetaError) throw new ExerciseShapeError(sibling.position?.start.line, err.message);
      throw err;
    }
    parts[part].push(sibling);
    claimed.add(sibling);
  }
  const need = (part: 'check' | 'solution', fence: string) => {
    const list = parts[part];
    if (list.length === 0) throw new ExerciseShapeError(line, `exercise "${meta.id}" has no ${part} (add a ${fence} fence right after it)`);
    if (list.length > 1) throw new ExerciseShapeError(list[1]!.position?.start.line, `exercise "${meta.id}" has more than one ${part}`);
    return list[0]!;
  };
  const check = need('check', '```ts check');
  const solution = need('solution', '```ts solution');
  if (parts.hint.length === 0) throw new ExerciseShapeError(line, `exercise "${meta.id}" has no hint (add a \`\`\`md hint fence right after it)`);
  if (parts.hint.length > MAX_HINTS)
    throw new ExerciseShapeError(parts.hint[MAX_HINTS]!.position?.start.line, `exercise "${meta.id}" has more than ${MAX_HINTS} hints`);
  for (const h of parts.hint) {
    if (!h.value.trim()) throw new ExerciseShapeError(h.position?.start.line, `a hint of exercise "${meta.id}" is empty`);
  }
  if (solution.value.trim() === node.value.trim()) {
    throw new ExerciseShapeError(solution.position?.start.line, `the solution of exercise "${meta.id}" is the same as its starter code`);
  }
  return { meta, node, parent, index, check, hints: parts.hint, solution, span: j - index };
}

/** The error for a part fence no exercise claimed. */
export function strayPartError(node: Code): ExerciseShapeError {
  const part = exercisePartOf(node.lang, node.meta)!;
  return new ExerciseShapeError(node.position?.start.line, `a ${part} fence without an exercise (put it right after its \`\`\`ts exercise fence)`);
}
