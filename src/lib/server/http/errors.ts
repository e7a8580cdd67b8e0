/**
 * One JSON error format for every API: `{"error":{"code","message", ...}}`.
 * Endpoints throw ApiError (or return `errorResponse`) and the middleware
 * turns anything unexpected into a plain 500 without a stack trace.
 */

/** Field-level problems for 400/422 answers: field name to message. */
export type FieldErrors = Record<string, string>;

/** An error meant for the client: status, stable code, readable message. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: FieldErrors; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

/** The body of the one JSON error format. */
export function errorBody(code: string, message: string, fields?: FieldErrors): { error: { code: string; message: string; fields?: FieldErrors } } {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** The JSON error response for an ApiError-like description. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  extra: { fields?: FieldErrors; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(errorBody(code, message, extra.fields)), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra.headers },
  });
}

/** Convert a thrown ApiError into its response. */
export function apiErrorResponse(err: ApiError): Response {
  return errorResponse(err.status, err.code, err.message, err.extra);
}

/** A JSON success response. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(data), { ...init, headers });
}
