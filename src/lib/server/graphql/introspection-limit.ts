import {
  getIntrospectionQuery,
  Kind,
  parse,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fragmentMemo, fragmentsOf, tooMuch } from './fragment-walk';

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
    const doc = parse(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    );
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
            tooMuch(
              `The query asks for too much introspection (${schemas} __schema, size about ${size}; limits ${maxSchema} and ${maxSize}).`,
              [node],
              'INTROSPECTION_TOO_LARGE',
              {
                maxSize,
                maxSchema,
              },
            ),
          );
        }
      },
    };
  };
}
