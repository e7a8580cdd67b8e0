import type { APIRoute } from 'astro';
import { requireScope } from '../../../../../lib/server/auth/require-scope';
import { readJson } from '../../../../../lib/server/http/body';
import { errorResponse, json } from '../../../../../lib/server/http/errors';
import { findPublishedLesson, lessonCells } from '../../../../../lib/server/notebook/catalogue';
import { deleteEdit, saveEdit, TooManyEditsError } from '../../../../../lib/server/notebook/edits';
import { notebookBudget } from '../../../../../lib/server/notebook/limits';
import { parseEditRequest } from '../../../../../lib/server/notebook/validate';

/**
 * PUT /api/notebook/edits/<lesson>/<cell> {code, baseHash}: save the
 * caller's version of a cell. DELETE: reset it to the lesson's original.
 */

async function findCell(lessonSlug: string | undefined, cellId: string | undefined) {
  const lesson = await findPublishedLesson(lessonSlug ?? '');
  if (!lesson) return null;
  const cell = lessonCells(lesson).find((c) => c.id === cellId);
  return cell ? { lesson, cell } : null;
}

/** Save the caller's version of a cell. */
export const PUT: APIRoute = async ({ params, locals, request }) => {
  const principal = requireScope(locals.principal, 'progress');
  const limited = await notebookBudget('edits', principal.user.id);
  if (limited) return limited;
  const found = await findCell(params.lesson, params.cell);
  if (!found) return errorResponse(404, 'cell_not_found', 'No such cell in a published lesson.');
  // Characters can take up to 6 bytes once JSON-escaped; the code itself is checked in characters.
  const edit = parseEditRequest(await readJson(request, 400 * 1024));
  try {
    const savedAt = await saveEdit(principal.user.id, found.lesson.id, { cellId: found.cell.id, ...edit });
    return json({ savedAt, originalChanged: edit.baseHash !== found.cell.hash });
  } catch (err) {
    if (err instanceof TooManyEditsError) return errorResponse(409, 'too_many_edits', err.message);
    throw err;
  }
};

/** Reset a cell to the lesson's original (forget the caller's version). */
export const DELETE: APIRoute = async ({ params, locals }) => {
  const principal = requireScope(locals.principal, 'progress');
  const limited = await notebookBudget('edits', principal.user.id);
  if (limited) return limited;
  const found = await findCell(params.lesson, params.cell);
  if (!found) return errorResponse(404, 'cell_not_found', 'No such cell in a published lesson.');
  return json({ reset: await deleteEdit(principal.user.id, found.lesson.id, found.cell.id) });
};
