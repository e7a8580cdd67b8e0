/**
 * Errors the crypto library throws for bad input. Each carries a stable
 * `code` naming the check that failed, so the API can answer 400 with the
 * exact reason and the lesson can show it, without leaking key material.
 */

/** Stable reasons for a failed crypto operation. */
export type CryptoErrorCode =
  | 'invalid_encoding'
  | 'invalid_input'
  | 'unsupported_algorithm'
  | 'invalid_key'
  | 'invalid_token'
  | 'invalid_signature'
  | 'expired'
  | 'future_timestamp'
  | 'message_too_long'
  | 'decryption_failed';

/** A crypto operation refused its input; `code` says which check failed. */
export class CryptoError extends Error {
  override name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A Fernet key or token failed one of the spec's checks (Python's `InvalidToken`, with the reason). */
export class FernetError extends CryptoError {
  override name = 'FernetError';
}

/** Whether a value is one of our CryptoErrors (works across bundles by checking the shape too). */
export function isCryptoError(err: unknown): err is CryptoError {
  return (
    err instanceof CryptoError ||
    (err instanceof Error && (err.name === 'CryptoError' || err.name === 'FernetError') && typeof (err as { code?: unknown }).code === 'string')
  );
}
