import { readText } from '../http/body';
import { ApiError, errorBody, type FieldErrors } from '../http/errors';

/**
 * What the API handlers take and give, independent of the server in front:
 * a `Call` (method, URL, header lookup, and the body as a fetch Request only
 * when a handler reads it) and a `Reply` (status, headers, string body). The
 * Astro endpoints (dev) and the production fast path (api-fast-path) both
 * adapt to these, so the handlers are the same code in both.
 */

/** An incoming API call. */
export interface Call {
  method: string;
  /** The canonical path (what `url.pathname` says), readable without parsing the URL. */
  pathname: string;
  url: URL;
  header(name: string): string | null;
  /** The request as a fetch Request, for reading its body (built on demand). */
  bodyRequest(): Request;
  /** The body as strict UTF-8 text of at most `maxBytes` (413, 400 as ApiError otherwise). */
  readText(maxBytes: number): Promise<string>;
}

/** An answer: `body` null means none (204, 304, HEAD). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** A JSON reply. */
export function jsonReply(data: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(data) };
}

/** The one JSON error format, as a reply. */
export function errorReply(
  status: number,
  code: string,
  message: string,
  extra: { fields?: FieldErrors; headers?: Record<string, string> } = {},
): Reply {
  return jsonReply(errorBody(code, message, extra.fields), status, { 'cache-control': 'no-store', ...extra.headers });
}

/** An ApiError as a reply. */
export function apiErrorReply(err: ApiError): Reply {
  return errorReply(err.status, err.code, err.message, err.extra);
}

/** A reply as a fetch Response (for Astro endpoints). */
export function replyToResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/** A fetch Request as a Call (for Astro endpoints). */
export function callFromRequest(request: Request, url: URL): Call {
  return {
    method: request.method,
    pathname: url.pathname,
    url,
    header: (name) => request.headers.get(name),
    bodyRequest: () => request,
    readText: (maxBytes) => readText(request, maxBytes),
  };
}
