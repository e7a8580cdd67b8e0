import { NoFragmentCyclesRule, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { costLimit, depthLimit, introspectionLimit, limitedParse, selectionLimit, shapeLimit } from './limits';

/**
 * Parsing and validating, in an order that keeps every step cheap, with
 * caches. First the spec's NoFragmentCyclesRule alone (every later walk may
 * then assume fragments end); then our own limits, which are linear in the
 * document, before the spec's other rules (some of which compare fields
 * pairwise); last the cost limit, which reads the variables. Clients send
 * the same few documents again and again (a cell in a loop, a ticker), so the
 * parsed document of a source text and its variable-independent verdict are
 * kept; only the cost limit runs on every request.
 */

const MAX_CACHED = 500;
/** Longer documents are not worth keeping (and would let the cache hold megabytes). */
const MAX_CACHED_SOURCE = 8 * 1024;

const documents = new Map<string, DocumentNode>();
const verdicts = new WeakMap<DocumentNode, readonly GraphQLError[]>();
const shapeRules = [shapeLimit(), selectionLimit(), depthLimit(), introspectionLimit()];

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

/** The variable-independent verdict: fragment cycles, then our limits, then the spec's rules; the first stage with errors ends it. */
function staticVerdict(schema: GraphQLSchema, doc: DocumentNode): readonly GraphQLError[] {
  const cycles = validate(schema, doc, [NoFragmentCyclesRule]);
  if (cycles.length) return cycles;
  const shape = validate(schema, doc, shapeRules);
  if (shape.length) return shape;
  return validate(schema, doc, specifiedRules);
}

/** Every validation error of an operation: cycles, limits and spec rules (cached per document), then cost with these variables. */
export function validateOperation(schema: GraphQLSchema, doc: DocumentNode, variables: Record<string, unknown> | null | undefined): readonly GraphQLError[] {
  let verdict = verdicts.get(doc);
  if (!verdict) {
    verdict = staticVerdict(schema, doc);
    verdicts.set(doc, verdict);
  }
  if (verdict.length) return verdict;
  return validate(schema, doc, [costLimit(variables)]);
}
