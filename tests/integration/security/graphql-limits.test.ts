import { getIntrospectionQuery, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { portalSchema } from '../../../src/lib/server/graphql/schema';
import { cachedParse, validateOperation } from '../../../src/lib/server/graphql/validation';
import { doublingFragments, hostileDocuments } from '../../unit/security/graphql-corpus';

/**
 * The GraphQL limits in this process: every hostile document is refused by
 * a validation error (never a thrown stack overflow), and the walk is
 * linear, which the doubling chains show without a clock: 60 levels are
 * 2^60 expansions, which no expanding walk could finish before the test's
 * timeout; memoised, it is 60 look-ups.
 */

/** Every error the portal answers a document with: a parse refusal, or validation errors. */
function judge(source: string): readonly GraphQLError[] {
  let doc;
  try {
    doc = cachedParse(source);
  } catch (err) {
    if (err instanceof GraphQLError) return [err];
    throw err;
  }
  return validateOperation(portalSchema(), doc, {});
}

describe('GraphQL limits', () => {
  it.each(Object.entries(hostileDocuments))('refuses %s with a validation error', (_name, source) => {
    const errors = judge(source);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/\S/);
  });

  it('names fragment cycles with the spec rule before any limit runs', () => {
    const errors = judge(hostileDocuments['cycle-2']!);
    expect(errors.map((e) => e.message).join(' ')).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('still answers ordinary documents: hello, fragments used twice, the full introspection query', () => {
    expect(judge('{ hello }')).toEqual([]);
    expect(judge(doublingFragments(3))).toEqual([]);
    expect(judge('query { a: todos(limit: 5) { items { ...T } } b: todos(limit: 5) { items { ...T } } } fragment T on Todo { id title }')).toEqual(
      [],
    );
    expect(judge(getIntrospectionQuery())).toEqual([]);
  });

  it('counts a doubled chain of 60 fragments as 2^60 fields without expanding it', () => {
    const errors = judge(doublingFragments(60));
    expect(errors[0]!.extensions.code).toBe('TOO_MANY_FIELDS');
  });

  it('refuses nesting past the limit before parsing, and never leaks a RangeError', () => {
    const errors = judge(hostileDocuments['nested-list-value']!);
    expect(errors[0]!.message).toMatch(/nests brackets more than 64 deep/);
  });

  it('costs each operation with its own variables (a cheap decoy operation first changes nothing)', () => {
    const source = hostileDocuments['decoy-operation']!;
    const errors = judge(source);
    expect(errors.map((e) => e.extensions.code)).toContain('QUERY_TOO_COSTLY');
  });

  it('reads nesting with the lexer, so a block-string escape hides no brackets', () => {
    expect(judge(hostileDocuments['block-string-escape']!)[0]!.message).toMatch(/nests brackets more than 64 deep/);
  });

  it("counts a variable's default like execution will", () => {
    const errors = judge(hostileDocuments['variable-default-cost']!);
    expect(errors[0]!.extensions.code).toBe('QUERY_TOO_COSTLY');
    const cheap = validateOperation(portalSchema(), cachedParse('query($n: Int = 100) { posts(limit: $n) { items { id } } }'), { n: 2 });
    expect(cheap).toEqual([]);
  });
});
