import {
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type ParseOptions,
  type Source,
  type GraphQLObjectType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Limits that keep one query from costing the server too much: the document
 * is parsed with a token cap, selections may nest only so deep, and a cost
 * estimate (every field 1, multiplied by the `limit` of the list it sits in)
 * must stay under a budget. Introspection fields are free, so tools work.
 */

export const MAX_TOKENS = 5000;
export const MAX_DEPTH = 10;
export const MAX_COST = 20_000;

/** `parse` with a token cap (a 64 KiB document of `{a{a{a...` is refused early). */
export function limitedParse(source: string | Source, options?: ParseOptions): DocumentNode {
  return parse(source, { ...options, maxTokens: MAX_TOKENS });
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

/** Depth of a selection set, fragments expanded, stopping once past `limit` (so cycles end too). */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, limit: number, at: number): number {
  if (!set || at > limit) return at;
  let deepest = at;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, sel.selectionSet ? depthOf(sel.selectionSet, fragments, limit, at + 1) : at + 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, fragments, limit, at));
    } else {
      deepest = Math.max(deepest, depthOf(fragments.get(sel.name.value)?.selectionSet, fragments, limit, at));
    }
    if (deepest > limit) break;
  }
  return deepest;
}

/** Refuse operations nested deeper than `max` fields. */
export function depthLimit(max = MAX_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, fragments, max, 0);
        if (depth > max) {
          context.reportError(
            new GraphQLError(`The query is nested more than ${max} levels deep; ask for less at once.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_DEEP', maxDepth: max },
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

    function limitArg(type: GraphQLObjectType, fieldName: string, args: readonly { name: { value: string }; value: Parameters<typeof valueFromAST>[0] }[]): number {
      const def = type.getFields()[fieldName]?.args.find((a) => a.name === 'limit');
      if (!def) return 1;
      const given = args.find((a) => a.name.value === 'limit');
      const value = (given ? valueFromAST(given.value, def.type, variables ?? undefined) : undefined) ?? def.defaultValue;
      return typeof value === 'number' && value > 0 ? Math.min(value, 1000) : 1;
    }

    function costOf(set: SelectionSetNode | undefined, type: GraphQLObjectType, seen: number): number {
      if (!set || seen > 50) return 0;
      let total = 0;
      for (const sel of set.selections) {
        if (total > max) break;
        if (sel.kind === Kind.FIELD) {
          const name = sel.name.value;
          if (name.startsWith('__')) continue;
          const field = type.getFields()[name];
          if (!field) continue;
          const child = getNamedType(field.type);
          const inner = sel.selectionSet && isObjectType(child) ? costOf(sel.selectionSet, child, seen + 1) : 0;
          total += 1 + limitArg(type, name, sel.arguments ?? []) * inner;
        } else {
          const frag = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
          const cond = frag?.typeCondition ? schema.getType(frag.typeCondition.name.value) : type;
          if (frag && isObjectType(cond)) total += costOf(frag.selectionSet, cond, seen + 1);
        }
      }
      return total;
    }

    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        if (!root) return;
        const cost = costOf(node.selectionSet, root, 0);
        if (cost > max) {
          context.reportError(
            new GraphQLError(`The query would cost about ${cost} (limit ${max}); ask for smaller pages or fewer nested lists.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: max },
            }),
          );
        }
      },
    };
  };
}
