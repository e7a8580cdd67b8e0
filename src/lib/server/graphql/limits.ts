import {
  Lexer,
  Source,
  TokenKind,
  getIntrospectionQuery,
  getVariableValues,
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { MAX_PAGE_SIZE } from './paging';

/**
 * Limits that keep one query from costing the server too much: the document
 * is parsed with a token cap, may hold only so many aliases and directives,
 * selections may nest only so deep, introspection may be asked for only so
 * often, and a cost estimate (every field 1, multiplied by the `limit` of the
 * list it sits in) must stay under a budget.
 *
 * Every walk is linear in the document: a fragment's depth, cost and
 * introspection count are computed once per operation and reused at every
 * spread (a fragment that spreads the next one twice, 26 levels deep, is
 * 2^26 expansions when expanded, and 26 look-ups here). A fragment met again
 * while it is being walked counts as nothing: the spec's NoFragmentCyclesRule
 * (run first, see validation.ts) refuses such a document anyway.
 */

/** Tokens per document: a full IntrospectionQuery has under 300. */
export const MAX_TOKENS = 2000;
/** Brackets (`{`, `[`, `(`) open at once: graphql-js parses recursively, so deeper nesting could overflow its stack. */
export const MAX_NESTING = 64;
/** Fields one selection set gathers, its fragments' fields included (spec rules compare these pairwise). */
export const MAX_SET_FIELDS = 50;
/**
 * Fields in one operation, fragments expanded at every level: the spec's
 * overlap rule also compares the sub-fields of same-named fields, so its work
 * grows with the whole expanded tree. A full IntrospectionQuery has about 150.
 */
export const MAX_OPERATION_FIELDS = 300;
export const MAX_FRAGMENTS = 30;
export const MAX_SPREADS = 100;
export const MAX_DEPTH = 10;
export const MAX_COST = 20_000;
export const MAX_ALIASES = 30;
export const MAX_DIRECTIVES = 50;
/** `__schema` selections per operation, fragments expanded. */
export const MAX_SCHEMA_SELECTIONS = 1;
/**
 * How many items an introspection list field stands for in the estimate:
 * lists nest (`types { fields { type { fields … } } }`), so the answer grows
 * as the product of these along a path, not as the number of fields written.
 */
const INTROSPECTION_LIST_WEIGHT: Record<string, number> = {
  types: 100,
  directives: 20,
  fields: 20,
  args: 20,
  inputFields: 20,
  enumValues: 20,
  interfaces: 20,
  possibleTypes: 20,
};

/**
 * The deepest bracket nesting of a GraphQL text, read with graphql-js's own
 * Lexer (no recursion, and the same reading of strings, block strings and
 * comments as the parser), stopping after `maxTokens` tokens.
 */
export function bracketDepth(text: string, maxTokens = MAX_TOKENS): number {
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  let deepest = 0;
  for (let n = 0; n <= maxTokens; n++) {
    const token = lexer.advance();
    if (token.kind === TokenKind.EOF) break;
    if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) deepest = Math.max(deepest, ++depth);
    else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) depth--;
  }
  return deepest;
}

/**
 * `parse` with a token cap (a 64 KiB document of `{a{a{a...` is refused
 * early) and a nesting cap checked before parsing. Anything the parser
 * throws that is not a GraphQLError becomes one with a plain message, so no
 * internal error text reaches a client.
 */
export function limitedParse(source: string | Source, options?: ParseOptions): DocumentNode {
  const text = typeof source === 'string' ? source : source.body;
  try {
    if (bracketDepth(text) > MAX_NESTING) {
      throw new GraphQLError(`The document nests brackets more than ${MAX_NESTING} deep.`, { extensions: { code: 'QUERY_TOO_DEEP' } });
    }
    return parse(source, { ...options, maxTokens: MAX_TOKENS });
  } catch (err) {
    if (err instanceof GraphQLError) throw err;
    throw new GraphQLError('The query could not be parsed.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  }
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

/**
 * A per-operation memo of some measure of each fragment. `measure` walks a
 * fragment's own selection set; `of(name)` answers from the memo, and 0 for
 * an unknown fragment or one already being walked (a cycle).
 */
function fragmentMemo(fragments: Map<string, FragmentDefinitionNode>, measure: (frag: FragmentDefinitionNode) => number) {
  const done = new Map<string, number>();
  const walking = new Set<string>();
  return (name: string): number => {
    const known = done.get(name);
    if (known !== undefined) return known;
    const frag = fragments.get(name);
    if (!frag || walking.has(name)) return 0;
    walking.add(name);
    const value = measure(frag);
    walking.delete(name);
    done.set(name, value);
    return value;
  };
}

function tooMuch(message: string, node: Parameters<ValidationContext['reportError']>[0]['nodes'], code: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code, ...extensions } });
}

/** Deepest nesting of fields under a selection set, fragments expanded (introspection fields are free). */
function makeDepth(fragments: Map<string, FragmentDefinitionNode>) {
  const fragmentDepth = fragmentMemo(fragments, (f) => depthOf(f.selectionSet));
  function depthOf(set: SelectionSetNode | undefined): number {
    if (!set) return 0;
    let deepest = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + depthOf(sel.selectionSet));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(sel.selectionSet));
      } else {
        deepest = Math.max(deepest, fragmentDepth(sel.name.value));
      }
    }
    return deepest;
  }
  return depthOf;
}

/** Refuse operations nested deeper than `max` fields. */
export function depthLimit(max = MAX_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = makeDepth(fragmentsOf(context.getDocument()));
    return {
      OperationDefinition(node) {
        if (depthOf(node.selectionSet) > max) {
          context.reportError(tooMuch(`The query is nested more than ${max} levels deep; ask for less at once.`, [node], 'QUERY_TOO_DEEP', { maxDepth: max }));
        }
      },
    };
  };
}

/**
 * Refuse documents with more than `maxAliases` aliases or `maxDirectives`
 * directives, counted as written (fragments once): the cheap shapes of a
 * query that repeats one expensive field under many names.
 */
export function shapeLimit(maxAliases = MAX_ALIASES, maxDirectives = MAX_DIRECTIVES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let directives = 0;
    let fragments = 0;
    let spreads = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Directive() {
        directives++;
      },
      FragmentDefinition() {
        fragments++;
      },
      FragmentSpread() {
        spreads++;
      },
      Document: {
        leave(node) {
          const over = (n: number, max: number, what: string, code: string) => {
            if (n > max) context.reportError(tooMuch(`The query uses ${n} ${what} (limit ${max}).`, [node], code, { limit: max }));
          };
          over(aliases, maxAliases, 'aliases', 'TOO_MANY_ALIASES');
          over(directives, maxDirectives, 'directives', 'TOO_MANY_DIRECTIVES');
          over(fragments, MAX_FRAGMENTS, 'fragment definitions', 'TOO_MANY_FRAGMENTS');
          over(spreads, MAX_SPREADS, 'fragment spreads', 'TOO_MANY_FRAGMENTS');
        },
      },
    };
  };
}

/**
 * Refuse selection sets that gather more than `max` fields, counting the
 * fields their inline fragments and fragment spreads bring in (memoised per
 * fragment). The spec's OverlappingFieldsCanBeMerged rule compares the
 * fields of a set pairwise, so this bounds its work; it also stops a chain
 * of doubling fragments before any spec rule sees it.
 */
export function selectionLimit(max = MAX_SET_FIELDS, maxTotal = MAX_OPERATION_FIELDS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    const fragmentFields = fragmentMemo(fragments, (f) => gathered(f.selectionSet));
    const fragmentTotal = fragmentMemo(fragments, (f) => total(f.selectionSet));
    /** Every field under a set, fragments expanded at every level. */
    function total(set: SelectionSetNode | undefined): number {
      if (!set) return 0;
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n += 1 + total(sel.selectionSet);
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += total(sel.selectionSet);
        else n += fragmentTotal(sel.name.value);
      }
      return n;
    }
    function gathered(set: SelectionSetNode): number {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n++;
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += gathered(sel.selectionSet);
        else n += fragmentFields(sel.name.value);
      }
      return n;
    }
    let reported = false;
    return {
      OperationDefinition(node) {
        const n = total(node.selectionSet);
        if (n > maxTotal) {
          context.reportError(tooMuch(`The operation asks for ${Number.isFinite(n) && n < 1e15 ? n : 'too many'} fields, fragments expanded (limit ${maxTotal}).`, [node], 'TOO_MANY_FIELDS', { limit: maxTotal }));
        }
      },
      SelectionSet(node) {
        if (reported) return;
        const n = gathered(node);
        if (n > max) {
          reported = true;
          context.reportError(tooMuch(`A selection set asks for ${Number.isFinite(n) && n < 1e15 ? n : 'too many'} fields, fragments included (limit ${max}).`, [node], 'TOO_MANY_FIELDS', { limit: max }));
        }
      },
    };
  };
}

/** [estimated introspection answer size, `__schema` selections] of each operation's selection set, fragments memoised. */
function makeIntrospectionEstimate(fragments: Map<string, FragmentDefinitionNode>) {
  // A fragment on an introspection type (`on __Type`) consists of introspection fields.
  const onIntrospectionType = (cond: { name: { value: string } } | undefined) => cond?.name.value.startsWith('__') === true;
  const fragSize = fragmentMemo(fragments, (f) => estimate(f.selectionSet, onIntrospectionType(f.typeCondition))[0]);
  const fragSchema = fragmentMemo(fragments, (f) => estimate(f.selectionSet, onIntrospectionType(f.typeCondition))[1]);
  function estimate(set: SelectionSetNode | undefined, inside: boolean): [number, number] {
    if (!set) return [0, 0];
    let size = 0;
    let schemas = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const intro = inside || (name.startsWith('__') && name !== '__typename');
        const [inner, s] = estimate(sel.selectionSet, intro);
        if (intro) size += 1 + (inside ? (INTROSPECTION_LIST_WEIGHT[name] ?? 1) : 1) * inner;
        schemas += s + (name === '__schema' ? 1 : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const [inner, s] = estimate(sel.selectionSet, inside || onIntrospectionType(sel.typeCondition));
        size += inner;
        schemas += s;
      } else {
        size += fragSize(sel.name.value);
        schemas += fragSchema(sel.name.value);
      }
    }
    return [size, schemas];
  }
  return (set: SelectionSetNode) => estimate(set, false);
}

let introspectionQuerySize: number | undefined;

/** Twice the estimate of graphql-js's own full IntrospectionQuery: what GraphiQL and codegen tools send. */
export function maxIntrospectionSize(): number {
  if (introspectionQuerySize === undefined) {
    const doc = parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }));
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    introspectionQuerySize = op && op.kind === Kind.OPERATION_DEFINITION ? makeIntrospectionEstimate(fragmentsOf(doc))(op.selectionSet)[0] : 0;
  }
  return 2 * introspectionQuerySize;
}

/**
 * Cap introspection answers: one `__schema` per operation, and an answer
 * estimate (list fields weighted by how many items they stand for, nested
 * lists multiplied, fragments expanded) of at most twice the full
 * IntrospectionQuery's, so neither aliases, fragments nor nesting can
 * multiply the schema's description.
 */
export function introspectionLimit(maxSize = maxIntrospectionSize(), maxSchema = MAX_SCHEMA_SELECTIONS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const estimate = makeIntrospectionEstimate(fragmentsOf(context.getDocument()));
    return {
      OperationDefinition(node) {
        const [size, schemas] = estimate(node.selectionSet);
        if (size > maxSize || schemas > maxSchema) {
          context.reportError(
            tooMuch(`The query asks for too much introspection (${schemas} __schema, size about ${size}; limits ${maxSchema} and ${maxSize}).`, [node], 'INTROSPECTION_TOO_LARGE', {
              maxSize,
              maxSchema,
            }),
          );
        }
      },
    };
  };
}

/** Refuse operations whose estimated cost passes `max`; `variables` resolve `limit: $n`. */
export function costLimit(variables: Record<string, unknown> | null | undefined, max = MAX_COST): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = fragmentsOf(context.getDocument());
    // The variables as execution will see them: sent values coerced, the operation's own defaults applied.
    let coerced: Record<string, unknown> | null = null;
    // A fragment's cost depends on the operation's variables, so each operation gets its own memo.
    let fragmentCost = (_name: string): number => 0;

    function limitArg(type: GraphQLObjectType, fieldName: string, args: readonly { name: { value: string }; value: Parameters<typeof valueFromAST>[0] }[]): number {
      const def = type.getFields()[fieldName]?.args.find((a) => a.name === 'limit');
      if (!def) return 1;
      const given = args.find((a) => a.name.value === 'limit');
      // Variables that cannot be coerced fail at execution anyway; until then, count the largest page.
      if (given && coerced === null) return MAX_PAGE_SIZE;
      const value = (given ? valueFromAST(given.value, def.type, coerced ?? undefined) : undefined) ?? def.defaultValue;
      return typeof value === 'number' && value > 0 ? Math.min(value, 1000) : 1;
    }

    function costOf(set: SelectionSetNode | undefined, type: GraphQLObjectType): number {
      if (!set) return 0;
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const name = sel.name.value;
          if (name.startsWith('__')) continue;
          const field = type.getFields()[name];
          if (!field) continue;
          const child = getNamedType(field.type);
          const inner = sel.selectionSet && isObjectType(child) ? costOf(sel.selectionSet, child) : 0;
          total += 1 + limitArg(type, name, sel.arguments ?? []) * inner;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
          if (isObjectType(cond)) total += costOf(sel.selectionSet, cond);
        } else {
          total += fragmentCost(sel.name.value);
        }
      }
      return total;
    }

    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        if (!root) return;
        const vars = getVariableValues(schema, node.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
        coerced = 'coerced' in vars && vars.coerced ? vars.coerced : null;
        fragmentCost = fragmentMemo(fragments, (f) => {
          const cond = schema.getType(f.typeCondition.name.value);
          return isObjectType(cond) ? costOf(f.selectionSet, cond) : 0;
        });
        const cost = costOf(node.selectionSet, root);
        if (cost > max) {
          const shown = Number.isFinite(cost) && cost < 1e15 ? String(cost) : 'more than 10^15';
          context.reportError(
            tooMuch(`The query would cost about ${shown} (limit ${max}); ask for smaller pages or fewer nested lists.`, [node], 'QUERY_TOO_COSTLY', {
              cost: Number.isFinite(cost) ? cost : null,
              maxCost: max,
            }),
          );
        }
      },
    };
  };
}
