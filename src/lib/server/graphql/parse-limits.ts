import { GraphQLError, Lexer, parse, Source, TokenKind, type DocumentNode, type ParseOptions } from 'graphql';

/**
 * Parsing with limits: graphql-js parses recursively, so the bracket nesting
 * is read first with its own (non-recursive) Lexer, then the document is
 * parsed with a token cap. Whatever the parser throws reaches a client as a
 * plain GraphQLError, never as internal error text.
 */

/** Tokens per document: a full IntrospectionQuery has under 300. */
export const MAX_TOKENS = 2000;
/** Brackets (`{`, `[`, `(`) open at once: graphql-js parses recursively, so deeper nesting could overflow its stack. */
export const MAX_NESTING = 64;

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
    if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L)
      deepest = Math.max(deepest, ++depth);
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
