import { Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { fragmentMemo, fragmentsOf, tooMuch } from './fragment-walk';

/**
 * The shape limits of a GraphQL document, checked before the spec's own
 * rules (validation.ts): how many aliases, directives, fragments and
 * spreads it holds, how many fields a selection set gathers and an
 * operation expands to, and how deep it nests. Parsing limits live in
 * parse-limits.ts, the introspection cap in introspection-limit.ts and the
 * cost estimate in cost-limit.ts; all walks share fragment-walk.ts.
 */

export { limitedParse, MAX_TOKENS } from './parse-limits';
export { costLimit, MAX_COST } from './cost-limit';
export { introspectionLimit } from './introspection-limit';

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
export const MAX_ALIASES = 30;
export const MAX_DIRECTIVES = 50;

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
          context.reportError(
            tooMuch(`The query is nested more than ${max} levels deep; ask for less at once.`, [node], 'QUERY_TOO_DEEP', { maxDepth: max }),
          );
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
          context.reportError(
            tooMuch(
              `The operation asks for ${Number.isFinite(n) && n < 1e15 ? n : 'too many'} fields, fragments expanded (limit ${maxTotal}).`,
              [node],
              'TOO_MANY_FIELDS',
              { limit: maxTotal },
            ),
          );
        }
      },
      SelectionSet(node) {
        if (reported) return;
        const n = gathered(node);
        if (n > max) {
          reported = true;
          context.reportError(
            tooMuch(
              `A selection set asks for ${Number.isFinite(n) && n < 1e15 ? n : 'too many'} fields, fragments included (limit ${max}).`,
              [node],
              'TOO_MANY_FIELDS',
              { limit: max },
            ),
          );
        }
      },
    };
  };
}
