import { specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { costLimit, depthLimit, limitedParse } from './limits';

/**
 * Parsing and validating with caches. Clients send the same few documents
 * again and again (a cell in a loop, a ticker), and validation is the
 * costliest step of a small query, so the parsed document of a source text
 * and its variable-independent verdict (the spec's rules and the depth
 * limit) are kept; only the cost limit, which reads the variables, runs on
 * every request.
 */

const MAX_CACHED = 500;
/** Longer documents are not worth keeping (and would let the cache hold megabytes). */
const MAX_CACHED_SOURCE = 8 * 1024;

const documents = new Map<string, DocumentNode>();
const verdicts = new WeakMap<DocumentNode, readonly GraphQLError[]>();
const staticRules = [...specifiedRules, depthLimit()];

/** Parse with the token cap, reusing the document of a source seen before. */
export function cachedParse(source: string): DocumentNode {
  const known = documents.get(source);
  if (known) return known;
  const doc = limitedParse(source);
  if (source.length <= MAX_CACHED_SOURCE) {
    if (documents.size >= MAX_CACHED) documents.delete(documents.keys().next().value!);
    documents.set(source, doc);
  }
  return doc;
}

/** Every validation error of an operation: spec rules and depth (cached per document), then cost with these variables. */
export function validateOperation(schema: GraphQLSchema, doc: DocumentNode, variables: Record<string, unknown> | null | undefined): readonly GraphQLError[] {
  let verdict = verdicts.get(doc);
  if (!verdict) {
    verdict = validate(schema, doc, staticRules);
    verdicts.set(doc, verdict);
  }
  if (verdict.length) return verdict;
  return validate(schema, doc, [costLimit(variables)]);
}
