import {
  getNamedType,
  getVariableValues,
  isObjectType,
  Kind,
  valueFromAST,
  type ASTVisitor,
  type GraphQLObjectType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fragmentMemo, fragmentsOf, tooMuch } from './fragment-walk';
import { MAX_PAGE_SIZE } from './paging';

/** The largest estimated cost of one operation: every field 1, multiplied by the `limit` of the list it sits in. */
export const MAX_COST = 20_000;

/** Refuse operations whose estimated cost passes `max`; `variables` resolve `limit: $n`. */
export function costLimit(variables: Record<string, unknown> | null | undefined, max = MAX_COST): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = fragmentsOf(context.getDocument());
    // The variables as execution will see them: sent values coerced, the operation's own defaults applied.
    let coerced: Record<string, unknown> | null = null;
    // A fragment's cost depends on the operation's variables, so each operation gets its own memo.
    let fragmentCost = (_name: string): number => 0;

    function limitArg(
      type: GraphQLObjectType,
      fieldName: string,
      args: readonly { name: { value: string }; value: Parameters<typeof valueFromAST>[0] }[],
    ): number {
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
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
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
