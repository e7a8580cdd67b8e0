import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type ValidationContext } from 'graphql';

/**
 * What every limit's walk shares: fragments by name, a per-fragment memo
 * that makes a walk linear in the document (a fragment spread twice at every
 * level of a 26-deep chain is 26 look-ups, not 2^26 expansions; a fragment
 * met again while it is being walked counts as nothing, since the spec's
 * NoFragmentCyclesRule refuses such a document first), and the error a limit
 * reports.
 */

/** The fragment definitions of a document by name. */
export function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

/**
 * A per-operation memo of some measure of each fragment. `measure` walks a
 * fragment's own selection set; `of(name)` answers from the memo, and 0 for
 * an unknown fragment or one already being walked (a cycle).
 */
export function fragmentMemo(fragments: Map<string, FragmentDefinitionNode>, measure: (frag: FragmentDefinitionNode) => number) {
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

/** The GraphQLError a limit reports, with its code and limits in `extensions`. */
export function tooMuch(
  message: string,
  node: Parameters<ValidationContext['reportError']>[0]['nodes'],
  code: string,
  extensions: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code, ...extensions } });
}
