/**
 * GraphQL documents built to make a validator work exponentially, forever or
 * past its stack: doubling fragment chains (on data and on introspection
 * types), fragment cycles, alias, directive, fragment and same-field floods
 * (the spec's overlap rule is pairwise), introspection repeated or nested,
 * brackets nested thousands deep, and a cost hidden in a variable's default. Shared by the in-process limit
 * test and the HTTP / WebSocket tests against the portal.
 */

/** `levels` fragments, each spreading the next one twice: 2^levels expansions of the innermost. */
export function doublingFragments(levels: number, innermost = 'hello', type = 'Query'): string {
  const frags = [`fragment F${levels} on ${type} { ${innermost} }`];
  for (let i = levels - 1; i >= 0; i--) frags.push(`fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`);
  return `query Q { ...F0 }\n${frags.reverse().join('\n')}`;
}

/** `{a{a … ×width} … ×width}` nested `levels` deep: same-named fields whose sub-fields the spec's overlap rule compares pairwise. */
function nestSame(levels: number, width: number): string {
  if (levels === 0) return Array.from({ length: width }, () => 'a').join(' ');
  return Array.from({ length: width }, () => `a{${nestSame(levels - 1, width)}}`).join(' ');
}

/** Attack documents by name; every one must be refused with a validation error. */
export const hostileDocuments: Record<string, string> = {
  'doubling-26': doublingFragments(26),
  'doubling-60': doublingFragments(60),
  'doubling-introspection': `query Q { __schema { ...S0 } }\n${Array.from({ length: 40 }, (_, i) => `fragment S${i} on __Schema { ${i === 39 ? 'types { name fields { name } }' : `...S${i + 1} ...S${i + 1}`} }`).join('\n')}`,
  'cycle-2': 'query Q { ...A }\nfragment A on Query { ...B }\nfragment B on Query { ...A }',
  'cycle-self': 'query Q { ...A }\nfragment A on Query { hello ...A }',
  'cycle-deep': `query Q { ...C0 }\n${Array.from({ length: 30 }, (_, i) => `fragment C${i} on Query { hello ...C${(i + 1) % 30} }`).join('\n')}`,
  aliases: `{ ${Array.from({ length: 150 }, (_, i) => `a${i}: hello`).join(' ')} }`,
  directives: `{ hello ${Array.from({ length: 200 }, () => '@include(if: true)').join(' ')} }`,
  'introspection-aliases': `{ ${Array.from({ length: 8 }, (_, i) => `s${i}: __schema { types { name fields { name type { name } } } }`).join(' ')} }`,
  'introspection-nested': `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`,
  'introspection-type-aliases': `{ ${Array.from({ length: 25 }, (_, i) => `t${i}: __type(name: "Query") { fields { type { fields { type { fields { name } } } } } }`).join(' ')} }`,
  'fragments-400': `{ ${Array.from({ length: 400 }, (_, i) => `...F${i}`).join(' ')} } ${Array.from({ length: 400 }, (_, i) => `fragment F${i} on Query { hello }`).join(' ')}`,
  'same-field-830': `{ ${Array.from({ length: 830 }, () => 'hello(name: "x")').join(' ')} }`,
  'same-field-60': `{ ${Array.from({ length: 60 }, () => 'hello(name: "x")').join(' ')} }`,
  'nested-list-value': `{ hello(name: ${'['.repeat(2400)}"x"${']'.repeat(2400)}) }`,
  'nested-introspection': `{ __type(name: "Query") { ${'ofType { '.repeat(2400)}name${' }'.repeat(2400)} } }`,
  'variable-default-cost': `query($n: Int = 100) { ${Array.from({ length: 7 }, (_, i) => `a${i}: posts(limit: $n) { items { id title body comments(limit: $n) { items { id body email name } } } }`).join(' ')} }`,
  'decoy-operation':
    'query A($n: Int = 1) { ...F }\nquery B($n: Int = 100) { ...F }\nfragment F on Query { users(limit: $n) { items { todos(limit: $n) { items { user { todos(limit: $n) { items { id title } } } } } } } }',
  'block-string-escape': `{ hello(name: """\\""" """, x: ${'['.repeat(990)}1${']'.repeat(990)}) } # """`,
  'nested-same-names': `{${nestSame(2, 11)}}`,
  deep: `{ ${'users { items { todos { items { user { '.repeat(4)}id${' } } } } }'.repeat(4)} }`,
  'costly-lists':
    '{ users(limit: 1000) { items { todos(limit: 1000) { items { id } } posts(limit: 1000) { items { comments(limit: 1000) { items { id } } } } } } }',
};
