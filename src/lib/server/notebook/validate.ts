import { ApiError } from '../http/errors';
import { CELL_ID_PATTERN } from '../../shared/notebook/cell-meta';
import { MAX_CELL_SOURCE } from '../../shared/notebook/compile-cell';
import { MAX_EDIT_CHARS } from './edits';

/** Checks of the notebook endpoints' JSON bodies, with field-level 400 messages. */

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_body', 'Send a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** `{ "lesson": "<slug>" }` for the token endpoint. */
export function parseTokenRequest(body: unknown): { lesson: string } {
  const o = asObject(body);
  if (typeof o.lesson !== 'string' || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(o.lesson)) {
    throw new ApiError(400, 'invalid_lesson', 'Name the lesson by its slug.', { fields: { lesson: 'must be a lesson slug, e.g. "notebook-tour"' } });
  }
  return { lesson: o.lesson };
}

/** `{ "code": "...", "baseHash": "<16 hex>" }` for saving an edit. */
export function parseEditRequest(body: unknown): { code: string; baseHash: string } {
  const o = asObject(body);
  const fields: Record<string, string> = {};
  if (typeof o.code !== 'string') fields.code = 'must be the cell code as a string';
  else if (o.code.length > MAX_EDIT_CHARS) fields.code = `must be at most ${MAX_EDIT_CHARS} characters`;
  if (typeof o.baseHash !== 'string' || !/^[0-9a-f]{16}$/.test(o.baseHash)) fields.baseHash = 'must be the 16-hex hash of the original cell';
  if (Object.keys(fields).length) throw new ApiError(400, 'invalid_edit', 'The edit could not be saved.', { fields });
  return { code: o.code as string, baseHash: o.baseHash as string };
}

/** `{ "source": "...", "cellId": "<id>" }` for the compile endpoint. */
export function parseCompileRequest(body: unknown): { source: string; cellId: string } {
  const o = asObject(body);
  const fields: Record<string, string> = {};
  if (typeof o.source !== 'string') fields.source = 'must be the cell code as a string';
  else if (o.source.length > MAX_CELL_SOURCE) fields.source = `must be at most ${MAX_CELL_SOURCE} characters`;
  if (typeof o.cellId !== 'string' || !CELL_ID_PATTERN.test(o.cellId)) fields.cellId = 'must be a cell id, e.g. "health"';
  if (Object.keys(fields).length) throw new ApiError(400, 'invalid_compile', 'Nothing was compiled.', { fields });
  return { source: o.source as string, cellId: o.cellId as string };
}
