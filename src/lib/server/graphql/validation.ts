import { Kind, NoFragmentCyclesRule, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { costLimit } from './cost-limit';
import { introspectionLimit } from './introspection-limit';
import { depthLimit, selectionLimit, shapeLimit } from './limits';
import { limitedParse } from './parse-limits';

/**
 * Parsing and validating, in an order that keeps every step cheap, with
 * caches. First the spec's NoFragmentCyclesRule alone (every later walk may
 * then assume fragments end); then our own limits, which are linear in the
 * document, before the spec's other rules (some of which compare fields
 * pairwise); last the cost limit, which reads the variables.
 *
 * Clients send the same few documents again and again (a cell in a loop, a
 * ticker), and a full `validate()` walk is the costliest step of a small
 * query, so:
 *
 * - the parsed document of a source text is kept in a bounded LRU;
 * - its variable-independent verdict is kept per document;
 * - the cost limit reads the variables (`limit: $n`), so its verdict is kept
 *   per document *and* variable values: once per document when the document
 *   declares no variables (then nothing it could read varies), otherwise per
 *   JSON spelling of the variables, a few spellings per document at most.
 *   A request with new variable values always runs the cost rule afresh.
 *
 * The limits themselves live in limits.ts; this module only remembers their
 * answers for a document object it handed out (WeakMaps: a document evicted
 * from the LRU takes its verdicts with it).
 */

const MAX_CACHED = 500;
/** Longer documents are not worth keeping (and would let the cache hold megabytes). */
const MAX_CACHED_SOURCE = 8 * 1024;
/** Cost verdicts kept per document with variables, and the longest variables (as JSON) worth a key. */
const MAX_COST_VERDICTS = 16;
const MAX_VARIABLES_KEY = 1024;

const documents = new Map<string, DocumentNode>();
const verdicts = new WeakMap<DocumentNode, readonly GraphQLError[]>();
const costVerdicts = new WeakMap<DocumentNode, Map<string, readonly GraphQLError[]>>();
const shapeRules = [shapeLimit(), selectionLimit(), depthLimit(), introspectionLimit()];

/** Parse with the token cap, reusing the document of a source seen before (least recently used goes first). */
export function cachedParse(source: string): DocumentNode {
  const known = documents.get(source);
  if (known) {
    // Move to the young end: a hot document survives a stream of one-off ones.
    documents.delete(source);
    documents.set(source, known);
    return known;
  }
  const doc = limitedParse(source);
  if (source.length <= MAX_CACHED_SOURCE) {
    if (documents.size >= MAX_CACHED) documents.delete(documents.keys().next().value!);
    documents.set(source, doc);
  }
  return doc;
}

/** The parsed document of a source text seen before, or undefined (nothing is parsed here). */
export function knownDocument(source: string): DocumentNode | undefined {
  return documents.get(source);
}

/** The variable-independent verdict: fragment cycles, then our limits, then the spec's rules; the first stage with errors ends it. */
function staticVerdict(schema: GraphQLSchema, doc: DocumentNode): readonly GraphQLError[] {
  const cycles = validate(schema, doc, [NoFragmentCyclesRule]);
  if (cycles.length) return cycles;
  const shape = validate(schema, doc, shapeRules);
  if (shape.length) return shape;
  return validate(schema, doc, specifiedRules);
}

/** Whether any operation of the document declares variables (only then can the cost depend on them). */
function declaresVariables(doc: DocumentNode): boolean {
  return doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0);
}

/** The cache key of a cost verdict: '' when variables cannot matter, their JSON otherwise, null when not worth caching. */
function costKey(doc: DocumentNode, variables: Record<string, unknown> | null | undefined): string | null {
  if (!declaresVariables(doc)) return '';
  let json: string | undefined;
  try {
    json = JSON.stringify(variables ?? null);
  } catch {
    return null; // cycles or BigInts: not from a JSON body; just validate
  }
  return json !== undefined && json.length <= MAX_VARIABLES_KEY ? `v${json}` : null;
}

/** Every validation error of an operation: cycles, limits and spec rules (cached per document), then cost with these variables (cached per document and variables). */
export function validateOperation(
  schema: GraphQLSchema,
  doc: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): readonly GraphQLError[] {
  let verdict = verdicts.get(doc);
  if (!verdict) {
    verdict = staticVerdict(schema, doc);
    verdicts.set(doc, verdict);
  }
  if (verdict.length) return verdict;
  const key = costKey(doc, variables);
  if (key === null) return validate(schema, doc, [costLimit(variables)]);
  let byVariables = costVerdicts.get(doc);
  const known = byVariables?.get(key);
  if (known) return known;
  const cost = validate(schema, doc, [costLimit(variables)]);
  if (!byVariables) costVerdicts.set(doc, (byVariables = new Map()));
  if (byVariables.size >= MAX_COST_VERDICTS) byVariables.delete(byVariables.keys().next().value!);
  byVariables.set(key, cost);
  return cost;
}
