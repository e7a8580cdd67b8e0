/**
 * Tells "the database is not there right now" apart from a bug, so a request
 * that needed Postgres while it was down, restarting or overloaded gets a
 * 503 (try again shortly) instead of a 500. The pool reconnects on its own;
 * nothing here retries.
 */

/** What a request that needed the unreachable database is told (503, Retry-After: 5). */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not answering right now; try again in a few seconds.';

/** Network errors from connecting to, or losing, the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * Postgres SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the
 * server is shutting down or starting), 53300 (too many connections) and
 * 57014 (statement timeout: the database is too slow to answer in time).
 */
const SQLSTATES = /^(08\w{3}|57P0[123]|53300|57014)$/;

/** What pg says when a pool could not connect in time or a connection broke mid-query. */
const MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connect ECONNREFUSED/i;

function codeOf(err: object): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `err` (or an error it wraps) says the database could not be reached or answer, not that a query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = codeOf(e);
    if (code && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (e instanceof Error && MESSAGES.test(e.message)) return true;
    // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
