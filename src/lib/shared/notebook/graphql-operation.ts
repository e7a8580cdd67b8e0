import type { GraphqlOperation } from './protocol';

/**
 * Recognise GraphQL operations in request bodies and graphql-ws messages,
 * so the network panel can name them ("query GetTodo") without a GraphQL
 * parser in the kernel.
 */

const OP = /^\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/;

function stripComments(query: string): string {
  return query.replace(/#[^\n\r]*/g, '');
}

/** The operation a GraphQL document runs: its type and name (first operation, or the named one). */
export function operationOf(query: string, operationName?: string | null): { type: GraphqlOperation['type']; name: string | null } {
  const q = stripComments(query);
  if (operationName) {
    const re = new RegExp(`\\b(query|mutation|subscription)\\s+${operationName.replace(/[^_0-9A-Za-z]/g, '')}\\b`);
    const m = re.exec(q);
    if (m) return { type: m[1] as GraphqlOperation['type'], name: operationName };
  }
  // Skip fragment definitions that may come first.
  const body = q.replace(/\bfragment\s+[_A-Za-z][_0-9A-Za-z]*\s+on\s+[_A-Za-z][_0-9A-Za-z]*\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}/g, '');
  const m = OP.exec(body);
  if (m) return { type: m[1] as GraphqlOperation['type'], name: m[2] ?? operationName ?? null };
  return { type: 'query', name: operationName ?? null };
}

function fromPayload(p: unknown): GraphqlOperation | null {
  if (!p || typeof p !== 'object') return null;
  const { query, operationName, variables } = p as { query?: unknown; operationName?: unknown; variables?: unknown };
  if (typeof query !== 'string' || !query.trim()) return null;
  const op = operationOf(query, typeof operationName === 'string' ? operationName : null);
  return { ...op, variables: variables === undefined || variables === null ? null : JSON.stringify(variables) };
}

/** The GraphQL operation in an HTTP request (JSON body with `query`, or `?query=` on a GET), if any. */
export function graphqlFromRequest(url: string, body: string | null): GraphqlOperation | null {
  if (body) {
    try {
      return fromPayload(JSON.parse(body));
    } catch {
      return null;
    }
  }
  try {
    const u = new URL(url);
    const query = u.searchParams.get('query');
    if (!query) return null;
    const vars = u.searchParams.get('variables');
    return fromPayload({ query, operationName: u.searchParams.get('operationName'), variables: vars ? (JSON.parse(vars) as unknown) : undefined });
  } catch {
    return null;
  }
}

/** The GraphQL operation in a graphql-ws (`subscribe`) or legacy (`start`) message, if any. */
export function graphqlFromSocketMessage(data: string): GraphqlOperation | null {
  try {
    const msg = JSON.parse(data) as { type?: unknown; payload?: unknown };
    if (msg.type === 'subscribe' || msg.type === 'start') return fromPayload(msg.payload);
  } catch {
    // not JSON: not GraphQL
  }
  return null;
}
