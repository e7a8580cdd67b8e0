import type { APIRoute } from 'astro';
import { requireScope } from '../../../lib/server/auth/require-scope';
import { readJson } from '../../../lib/server/http/body';
import { errorResponse, json } from '../../../lib/server/http/errors';
import { compileOnServer, CompilerBusyError } from '../../../lib/server/notebook/compile';
import { notebookBudget } from '../../../lib/server/notebook/limits';
import { parseCompileRequest } from '../../../lib/server/notebook/validate';

/**
 * POST /api/notebook/compile {source, cellId}: an edited cell compiled by
 * native esbuild (compile only: nothing is run, stored or read from disk),
 * for the page to use until esbuild-wasm is ready in the browser. Same
 * callers as saving edits (the page's session, or a lesson token); 200 with
 * `{ok: true, cell}` or `{ok: false, errors}` (the code does not compile).
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const principal = requireScope(locals.principal, 'progress');
  const limited = await notebookBudget('compile', principal.user.id);
  if (limited) return limited;
  // Characters can take up to 6 bytes once JSON-escaped; the source itself is checked in characters.
  const { source, cellId } = parseCompileRequest(await readJson(request, 400 * 1024));
  try {
    return json(await compileOnServer(source, cellId));
  } catch (err) {
    if (err instanceof CompilerBusyError) return errorResponse(503, 'compiler_busy', err.message, { headers: { 'retry-after': '1' } });
    throw err;
  }
};
