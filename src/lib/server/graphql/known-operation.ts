import { execute, getOperationAST, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { andThen } from '../../shared/maybe-promise';
import { createContext } from './context';
import { knownDocument, validateOperation } from './validation';

/**
 * The common GraphQL call answered without graphql-http's general handler:
 * a POST of `application/json` whose query is a document already parsed and
 * validated once before (a cell or script in a loop sends the same few). The
 * handler awaits its way through media types, parameters, context, schema,
 * rules and the operation (a dozen promises per call); here the same steps
 * run straight through, with the handler's own rules for Accept,
 * Content-Type and the body's fields, and its answer's status, headers and
 * body. Anything else returns null and goes through graphql-http unchanged:
 * GET, other media types, unacceptable Accept values, malformed or unusual
 * bodies, new documents, validation errors, subscriptions. So every refusal
 * the GraphQL-over-HTTP spec describes is still the handler's.
 */

/** What the handler answers: its body and init, as graphql-http returns them. */
export interface KnownAnswer {
  status: number;
  contentType: string;
  body: string;
}

type MediaType = 'application/graphql-response+json' | 'application/json';

// Clients send the same few Accept and Content-Type values: each is read once (bounded, so odd values cannot grow it).
const MAX_REMEMBERED = 64;
const mediaTypes = new Map<string | null, MediaType | null>();
const jsonBodies = new Map<string | null, boolean>();

function remembered<V>(cache: Map<string | null, V>, key: string | null, decide: (k: string | null) => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = decide(key);
  if (cache.size < MAX_REMEMBERED && (key === null || key.length <= 256)) cache.set(key, value);
  return value;
}

/** graphql-http's choice of response media type for an Accept header (null: it answers 406). */
export function acceptedMediaType(accept: string | null): MediaType | null {
  for (const item of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = item.split(';');
    const charset = params.find((p) => p.includes('charset=')) || 'charset=utf-8';
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8') return mediaType;
    if (
      (mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') &&
      (charset === 'charset=utf-8' || charset === 'charset=utf8')
    ) {
      return 'application/json';
    }
  }
  return null;
}

/** Whether graphql-http reads this Content-Type as a JSON body. */
function isJsonBody(contentType: string | null): boolean {
  const [mediaType, charset = 'charset=utf-8'] = (contentType || '').replace(/\s/g, '').toLowerCase().split(';');
  return mediaType === 'application/json' && charset === 'charset=utf-8';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** graphql-http's JSON replacer: a non-GraphQL Error shows only its message. */
function jsonErrorReplacer(_key: string, val: unknown): unknown {
  return val instanceof Error && !(val instanceof GraphQLError) ? { message: val.message } : val;
}

/** The parts of a POST the fast answer needs. */
export interface KnownCall {
  accept: string | null;
  contentType: string | null;
  body: string;
  viewerId: number;
}

/**
 * Answer a POST whose document is known and valid, or null to leave it to
 * graphql-http. Executes at most once: every fallback is decided before
 * `execute` runs. The answer is a promise only when execution is (a resolver
 * waited): `{ hello }` is answered without one.
 */
export function answerKnownOperation(
  schema: GraphQLSchema,
  call: KnownCall,
  formatError: (err: GraphQLError) => GraphQLError | Error,
): KnownAnswer | null | Promise<KnownAnswer> {
  const mediaType = remembered(mediaTypes, call.accept, acceptedMediaType);
  if (!mediaType || !remembered(jsonBodies, call.contentType, isJsonBody)) return null;
  let data: unknown;
  try {
    data = JSON.parse(call.body);
  } catch {
    return null;
  }
  if (!isPlainObject(data) || typeof data.query !== 'string') return null;
  const { query, variables, operationName, extensions } = data;
  if (variables != null && !isPlainObject(variables)) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  if (extensions != null && !isPlainObject(extensions)) return null;
  const document = knownDocument(query);
  if (!document) return null;
  if (validateOperation(schema, document, variables).length) return null;
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation === 'subscription') return null;
  const result = execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    contextValue: createContext(call.viewerId),
    rootValue: undefined,
  });
  const answer = (r: ExecutionResult): KnownAnswer => ({ status: 200, contentType: `${mediaType}; charset=utf-8`, body: serialized(r, formatError) });
  return andThen(result, answer);
}

/** The result as graphql-http writes it: errors formatted, and (only they can hold Error objects) passed through its replacer. */
function serialized(result: ExecutionResult, formatError: (err: GraphQLError) => GraphQLError | Error): string {
  if (!result.errors) return JSON.stringify(result);
  return JSON.stringify({ ...result, errors: result.errors.map(formatError) }, jsonErrorReplacer);
}
