import { z } from 'zod';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';

/**
 * Reading and validating crypto API bodies: a size cap per endpoint, JSON
 * only, unknown fields refused, and the first problem reported with the
 * field it concerns, so a caller always learns the exact reason.
 */

/** Largest body any crypto endpoint reads (hashing takes up to 1 MiB of data as base64). */
export const MAX_CRYPTO_BODY = 1_500_000;

/**
 * Read a JSON body, or `{}` when there is none at all (the key generation
 * endpoints need no input). Any body that is present must be valid JSON.
 */
export async function readOptionalJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = request.headers.get('content-length');
  if (declared === '0' || (declared === null && !request.headers.has('transfer-encoding'))) return {};
  return readJson(request, maxBytes);
}

function describe(issue: z.ZodIssue): { field: string; message: string } {
  const field = issue.path.length ? issue.path.join('.') : 'body';
  if (issue.code === 'unrecognized_keys')
    return { field, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return { field, message: 'is required' };
  return { field, message: issue.message };
}

/** Validate `body` against `schema` or throw a 400 naming the first bad field. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = describe(result.error.issues[0]!);
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const d = describe(issue);
    fields[d.field] ??= d.message;
  }
  const message =
    first.field === 'body'
      ? `The request body ${first.message.replace(/^Expected object, received (\w+)$/, 'must be a JSON object, not $1')}.`
      : `${first.field}: ${first.message}.`;
  throw new ApiError(400, 'invalid_request', message, { fields });
}

/** Text encodings binary fields may use. */
export const encodingField = z.enum(['utf8', 'hex', 'base64', 'base64url']).default('utf8');

/** A string field with a length cap and a readable message. */
export function textField(maxChars: number, what = 'value'): z.ZodString {
  return z.string({ invalid_type_error: `must be a string (the ${what})` }).max(maxChars, `must be at most ${maxChars} characters`);
}
