import { GraphQLError, type ValidationRule } from 'graphql';
import { createHandler, type Request as HttpRequest } from 'graphql-http';
import { andThen, type MaybePromise } from '../../shared/maybe-promise';
import { rateLimitedError, takeApiBudget, type RateDecision } from '../api-limits';
import { hasScope, type Principal } from '../auth/principal';
import { missingScopeMessage } from '../auth/require-scope';
import { ApiError } from '../http/errors';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db/unavailable';
import { log } from '../log';
import { apiErrorReply, errorReply, type Call, type Reply } from '../api-call';
import { createContext, type GraphQLContext } from './context';
import { answerKnownOperation, type KnownAnswer } from './known-operation';
import { portalSchema } from './schema';
import { cachedParse, validateOperation } from './validation';

/**
 * /api/graphql over HTTP with graphql-http (the GraphQL-over-HTTP spec: GET
 * and POST, application/graphql-response+json and application/json), behind
 * the portal's scope check and rate limit, with a body cap, the depth and
 * cost limits, and unexpected errors masked (logged, never sent).
 */

const glog = log.child({ mod: 'graphql' });

/** Largest request body (the query, its variables and extensions). */
export const MAX_GRAPHQL_BODY = 64 * 1024;

interface Extra {
  viewerId: number;
  body: string | null;
}

function maskUnexpected(err: Readonly<GraphQLError | Error>): GraphQLError | Error {
  if (!(err instanceof GraphQLError)) return err;
  const original = err.originalError;
  if (!original || original instanceof GraphQLError) return err;
  // Not a bug: the field could not be read while the database is away, so say that (the client may retry).
  if (isDatabaseUnavailable(original)) {
    glog.warn('resolver met an unavailable database', { path: err.path?.join('.'), err: original });
    return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, { nodes: err.nodes, path: err.path, extensions: { code: 'DATABASE_UNAVAILABLE' } });
  }
  glog.error('resolver failed', { path: err.path?.join('.'), err: original });
  return new GraphQLError('Internal error; it has been logged.', {
    nodes: err.nodes,
    path: err.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

// graphql-http hands `validate` the rules from `validationRules`; the rule
// returned there only carries this request's variables to validateOperation.
const variablesOf = new WeakMap<ValidationRule, Record<string, unknown> | null | undefined>();

const handler = createHandler<Call, Extra, GraphQLContext>({
  schema: () => portalSchema(),
  parse: (source) => cachedParse(typeof source === 'string' ? source : source.body),
  validationRules: (_req, args) => {
    const carrier: ValidationRule = () => ({});
    variablesOf.set(carrier, args.variableValues);
    return [carrier];
  },
  validate: (schema, document, rules) => validateOperation(schema, document, rules?.[0] ? variablesOf.get(rules[0]) : undefined),
  context: (req) => createContext(req.context.viewerId),
  formatError: maskUnexpected,
});

const STATUS_TEXT: Record<number, string> = {
  405: 'Use GET or POST.',
  406: 'Accept application/graphql-response+json or application/json.',
  415: 'Send the body as application/json.',
};

/** Answer one GraphQL-over-HTTP call from an authenticated caller. */
export function serveGraphql(call: Call, principal: Principal): MaybePromise<Reply> {
  if (!hasScope(principal, 'graphql')) return errorReply(403, 'insufficient_scope', missingScopeMessage('graphql'));
  // A budget known at once is used at once: no promise turn before the body is read.
  return andThen(takeApiBudget('graphql', principal.user.id), (budget) => serveWithin(budget, call, principal));
}

function serveWithin(budget: RateDecision, call: Call, principal: Principal): MaybePromise<Reply> {
  if (!budget.allowed) return apiErrorReply(rateLimitedError(budget));
  if (call.method !== 'POST') return serveGeneral(budget, call, principal, null);
  // One promise for the body, then straight through (no async function and awaits: each is a promise more per call).
  return call.readText(MAX_GRAPHQL_BODY).then(
    (body) => answerBody(budget, call, principal, body),
    (err: unknown) => {
      if (!(err instanceof ApiError)) throw err;
      const refused = apiErrorReply(err);
      return { ...refused, headers: { ...refused.headers, ...budget.headers } };
    },
  );
}

function answerBody(budget: RateDecision, call: Call, principal: Principal, body: string): MaybePromise<Reply> {
  // A document seen (and validated) before skips graphql-http's general path; see known-operation.ts.
  const answered = answerKnownOperation(
    portalSchema(),
    { accept: call.header('accept'), contentType: call.header('content-type'), body, viewerId: principal.user.id },
    maskUnexpected,
  );
  if (answered === null) return serveGeneral(budget, call, principal, body);
  const reply = (known: KnownAnswer): Reply => ({
    status: known.status,
    headers: { 'cache-control': 'no-store', 'content-type': known.contentType, ...budget.headers },
    body: known.body,
  });
  return andThen(answered, reply);
}

/** Everything but a known document: graphql-http's handler. */
async function serveGeneral(budget: RateDecision, call: Call, principal: Principal, body: string | null): Promise<Reply> {
  const [text, init] = await handler({
    method: call.method,
    url: call.url.pathname + call.url.search,
    headers: { get: (name: string) => call.header(name) },
    body: body === null ? null : () => body,
    raw: call,
    context: { viewerId: principal.user.id, body },
  } satisfies HttpRequest<Call, Extra>);
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...init.headers, ...budget.headers };
  if (text === null && init.status >= 400 && call.method !== 'HEAD') {
    // graphql-http leaves these bodies empty; say what to do, in GraphQL's error shape.
    headers['content-type'] = 'application/json; charset=utf-8';
    return { status: init.status, headers, body: JSON.stringify({ errors: [{ message: STATUS_TEXT[init.status] ?? init.statusText }] }) };
  }
  return { status: init.status, headers, body: call.method === 'HEAD' ? null : text };
}
