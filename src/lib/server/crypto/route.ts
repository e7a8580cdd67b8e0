import type { APIRoute } from 'astro';
import type { z } from 'zod';
import { isCryptoError } from '../../shared/crypto/errors';
import { rateLimitedResponse, withRateHeaders } from '../api-limits';
import { hasScope } from '../auth/principal';
import { missingScopeMessage } from '../auth/require-scope';
import { log } from '../log';
import { readJson } from '../http/body';
import { ApiError, apiErrorResponse, errorResponse, json } from '../http/errors';
import { type CryptoCost, takeCryptoBudget } from './limits';
import { parseBody, readOptionalJson } from './request';

/**
 * One shape for every /api/crypto endpoint: guards (401, 403, 429), then the
 * body (size cap, JSON, schema), then the library call, then JSON. Crypto
 * failures become 400 with the library's reason; nothing is stored, and no
 * key, token or plaintext is ever logged.
 */

const clog = log.child({ mod: 'crypto-api' });

/** A crypto API operation: its input schema, limits and work. */
export interface CryptoOperation<S extends z.ZodTypeAny> {
  /** Short name for logs, e.g. "fernet.decrypt". */
  name: string;
  schema: S;
  maxBody: number;
  cost: CryptoCost;
  /** Key generation endpoints accept a missing body as `{}`. */
  optionalBody?: boolean;
  run(input: z.infer<S>): Promise<unknown>;
}

function toApiError(err: unknown, op: string): ApiError {
  if (err instanceof ApiError) return err;
  if (isCryptoError(err)) return new ApiError(400, err.code, err.message);
  // WebCrypto rejects some malformed input itself; that is still the caller's input, not our failure.
  if (err instanceof DOMException && (err.name === 'DataError' || err.name === 'OperationError')) {
    clog.warn('webcrypto refused input', { op, error: err.name });
    return new ApiError(400, 'invalid_input', `The platform's WebCrypto refused the input (${err.name}).`);
  }
  throw err;
}

/** Build the POST handler (and a 405 for every other method) for an operation. */
export function cryptoRoute<S extends z.ZodTypeAny>(op: CryptoOperation<S>): { POST: APIRoute; ALL: APIRoute } {
  const POST: APIRoute = async ({ request, locals }) => {
    const principal = locals.principal;
    if (!principal) return errorResponse(401, 'unauthorized', 'Log in or send an API token (Authorization: Bearer ...).');
    if (!hasScope(principal, 'crypto')) return errorResponse(403, 'insufficient_scope', missingScopeMessage('crypto'));
    const budget = await takeCryptoBudget(principal.user.id, op.cost);
    if (!budget.allowed) return rateLimitedResponse(budget);
    try {
      const body = op.optionalBody ? await readOptionalJson(request, op.maxBody) : await readJson(request, op.maxBody);
      const result = await op.run(parseBody(op.schema, body));
      return withRateHeaders(json(result), budget);
    } catch (err) {
      return withRateHeaders(apiErrorResponse(toApiError(err, op.name)), budget);
    }
  };
  const ALL: APIRoute = () => errorResponse(405, 'method_not_allowed', `Use POST with a JSON body for ${op.name}.`, { headers: { allow: 'POST' } });
  return { POST, ALL };
}
