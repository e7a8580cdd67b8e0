import { ApiError } from '../http/errors';

/** A job id from a URL segment: 1-120 of letters, digits, `-`, `_`, `:` and `.`; 400 otherwise. */
export function jobIdParam(raw: string | undefined): string {
  if (!raw || !/^[\w:.-]{1,120}$/.test(raw))
    throw new ApiError(400, 'invalid_request', 'The job id is malformed.', { fields: { id: 'is malformed' } });
  return raw;
}
