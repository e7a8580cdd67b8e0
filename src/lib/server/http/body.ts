import { ApiError } from './errors';

/**
 * Reading request bodies with limits: every body is capped, decoded as strict
 * UTF-8 and checked for the declared content type before it is parsed, so a
 * 1 MB or malformed body becomes a clear 4xx and never a crash.
 */

/** Default cap for JSON API bodies. */
export const DEFAULT_JSON_LIMIT = 64 * 1024;
/** Default cap for HTML form posts. */
export const DEFAULT_FORM_LIMIT = 16 * 1024;

/**
 * The client closed its connection (or it broke) before its whole body
 * arrived: nobody is left to answer, and it says nothing about the server,
 * so every front closes quietly instead of logging an error and a 500. It
 * has no `cause`: the ECONNRESET behind it would read as the database being
 * down to db/unavailable.ts isDatabaseUnavailable.
 */
export class ClientGoneError extends Error {}

/** Read the raw body as strict UTF-8 text, refusing more than `maxBytes`. */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const reader = request.body?.getReader();
  // A failing body stream is the connection's: the client's side, never ours.
  const gone = (err: unknown): never => {
    throw new ClientGoneError(`the client went away before sending its whole body (${err instanceof Error ? err.message : String(err)})`);
  };
  const next = reader ? () => reader.read().catch(gone) : async () => ({ done: true as const, value: undefined });
  return readChunksAsText(next, request.headers.get('content-length'), maxBytes);
}

/**
 * The same, over any source of chunks (a Node request on the API fast path).
 * Past the limit it stops reading and throws 413; the server discards the
 * unread rest once the answer is sent, so the connection stays usable.
 */
export async function readChunksAsText(
  next: () => Promise<{ done?: boolean; value?: Uint8Array }>,
  contentLength: string | null | undefined,
  maxBytes: number,
): Promise<string> {
  if (Number(contentLength ?? '0') > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await next();
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(value);
  }
  return decodeBodyText(chunks, size);
}

// One decoder for every body: making a fatal TextDecoder costs several microseconds (more than
// decoding a small body), and a decode without `stream` starts afresh, even after an error.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A body's chunks (of `size` bytes in all) as strict UTF-8 text; 400 when they are not UTF-8. */
export function decodeBodyText(chunks: readonly Uint8Array[], size: number): string {
  try {
    return strictUtf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'The request body is not valid UTF-8.');
  }
}

/** The 413 for a body past `maxBytes`. */
export function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

function mediaType(request: Request): string {
  return mediaTypeOf(request.headers.get('content-type'));
}

/** Read and parse a JSON body (415 for another content type, 400 for bad JSON). */
export async function readJson(request: Request, maxBytes = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const type = mediaType(request);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await readText(request, maxBytes);
  if (!text.trim()) throw new ApiError(400, 'empty_body', 'The request body is empty; send a JSON value.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** The media type an HTML form post must declare. */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** A Content-Type header's media type, lower case, without parameters ('' when absent). */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Read an `application/x-www-form-urlencoded` form post as a map of first values. */
export async function readForm(request: Request, maxBytes = DEFAULT_FORM_LIMIT): Promise<Map<string, string>> {
  const type = mediaType(request);
  if (type !== FORM_MEDIA_TYPE) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  }
  return parseFormText(await readText(request, maxBytes));
}

/** A form body's text as a map of first values (400 for text that is not UTF-8 once unescaped). */
export function parseFormText(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    throw new ApiError(400, 'invalid_form', 'The form could not be read.');
  }
  for (const [k, v] of params) {
    // URLSearchParams turns bad percent-escapes into U+FFFD instead of failing.
    if (v.includes('\uFFFD') || k.includes('\uFFFD')) {
      throw new ApiError(400, 'invalid_encoding', 'The form contains text that is not valid UTF-8.');
    }
    if (!out.has(k)) out.set(k, v);
  }
  return out;
}
