import { GraphQLError } from 'graphql';
import type { FieldProblems } from '../../shared/rest/validate';

/**
 * GraphQL errors the API raises on purpose, each with a stable
 * `extensions.code` (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, ...), so clients
 * can tell a mistake of theirs from a failure of ours, which is masked.
 */

/** Bad arguments; `fields` says what is wrong with each (as the REST API's 422 does). */
export function badInput(message: string, fields?: FieldProblems): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(fields ? { fields } : {}) } });
}

/** A record that is not there. */
export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

/** Something the caller may not do. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
