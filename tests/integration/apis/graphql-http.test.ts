import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiPortal, type ApiPortal } from './support';

/**
 * /api/graphql on the built portal: graphql-http's own GraphQL-over-HTTP
 * audit suite (every MUST and SHOULD passes), the interview's `{ hello }`,
 * nested reads, mutations refused over GET, and the portal's guards.
 */

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal({ env: { API_RATE_LIMIT: '100000' } });
});
afterAll(async () => {
  await p.portal.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  p.api('/api/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GraphQL over HTTP', () => {
  it('passes every MUST and SHOULD of the graphql-http audit suite, twice (the second time its documents are known)', async () => {
    for (const pass of [1, 2]) {
      const failed = await auditFailures();
      expect(failed.required, `pass ${pass}`).toBeGreaterThan(30);
      expect(failed.list, `pass ${pass}`).toEqual([]);
    }
  });

  it('answers a known document exactly as the first time (known-operation.ts), and new ones through graphql-http', async () => {
    // Each case's document is new to the portal (a unique comment), so the first answer is graphql-http's.
    const run = `# ${process.pid}-${Date.now()}\n`;
    const cases: Array<[{ query: string } & Record<string, unknown>, Record<string, string>]> = [
      [{ query: '{ hello }' }, {}],
      [{ query: '{ hello }' }, { accept: 'application/graphql-response+json' }],
      [{ query: '{ hello }' }, { accept: 'application/json; charset=utf-8', 'content-type': 'application/json; charset=UTF-8' }],
      [{ query: 'query($n: String){ hello(name: $n) }', variables: { n: 'Lagos' } }, {}],
      [{ query: 'query A { hello } query B { hello(name: "B") }', operationName: 'B' }, {}],
      [{ query: 'query A { hello } query B { hello(name: "B") }' }, {}],
      [{ query: '{ todo(id: 999999) { id } }' }, {}],
      [{ query: '{ todo(id: 999999) { id } }' }, { accept: 'application/graphql-response+json' }],
      [{ query: '{ hello }', variables: [1] }, {}],
      [{ query: '{ hello }', extensions: { persistedQuery: null } }, {}],
      [{ query: '{ nope }' }, {}],
      [{ query: '{ hello }' }, { accept: 'text/html' }],
    ];
    for (const [i, [body, headers]] of cases.entries()) {
      const answers = [];
      for (let n = 0; n < 2; n++) {
        const res = await post({ ...body, query: `${run}# case ${i}\n${body.query}` }, headers);
        answers.push({
          status: res.status,
          type: res.headers.get('content-type'),
          cache: res.headers.get('cache-control'),
          limit: res.headers.get('ratelimit-limit'),
          body: await res.text(),
        });
      }
      expect(answers[1], JSON.stringify([body, headers])).toEqual(answers[0]);
    }
  });
});

/** Run graphql-http's audit suite against the portal: how many MUST/SHOULD audits ran, and which failed. */
async function auditFailures(): Promise<{ required: number; list: string[] }> {
  const audits = serverAudits({
    url: `${p.portal.url}/api/graphql`,
    fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${p.account.token}`);
      return fetch(input, { ...init, headers });
    },
  });
  const failed: string[] = [];
  let required = 0;
  for (const audit of audits) {
    const result = await audit.fn();
    if (audit.name.startsWith('MAY')) continue;
    required++;
    if (result.status !== 'ok') failed.push(`${audit.name}: ${'reason' in result ? result.reason : ''}`);
  }
  return { required, list: failed };
}

describe('GraphQL over HTTP, the portal’s answers', () => {
  it('answers { hello } exactly as the interview’s test expects, by POST and by GET', async () => {
    expect(await (await post({ query: '{ hello }' })).text()).toBe('{"data":{"hello":"Hello World"}}');
    const get = await p.api(
      `/api/graphql?query=${encodeURIComponent('query($n: String){ hello(name: $n) }')}&variables=${encodeURIComponent('{"n":"Nairobi"}')}`,
    );
    expect(await get.json()).toEqual({ data: { hello: 'Hello Nairobi' } });
    const typed = await post({ query: '{ hello }' }, { accept: 'application/graphql-response+json' });
    expect(typed.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('reads the REST data as a graph', async () => {
    const res = await post({ query: '{ todo(id: 1) { id title completed user { id todos(limit: 3) { pageInfo { totalCount hasNextPage } } } } }' });
    expect(await res.json()).toEqual({
      data: {
        todo: { id: 1, title: 'delectus aut autem', completed: false, user: { id: 1, todos: { pageInfo: { totalCount: 20, hasNextPage: true } } } },
      },
    });
  });

  it('refuses mutations over GET with 405', async () => {
    const res = await p.api(`/api/graphql?query=${encodeURIComponent('mutation { resetTodos }')}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('changes the same private copy the REST API serves', async () => {
    const created = (await (await post({ query: 'mutation { createTodo(input: { userId: 2, title: "graph" }) { id } }' })).json()) as {
      data: { createTodo: { id: number } };
    };
    const id = created.data.createTodo.id;
    expect(await (await p.api(`/api/rest/todos/${id}`)).json()).toEqual({ userId: 2, id, title: 'graph', completed: false });
    await p.api(`/api/rest/todos/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"completed":true}' });
    expect(await (await post({ query: `{ todo(id: ${id}) { completed } }` })).json()).toEqual({ data: { todo: { completed: true } } });
  });

  it('reports limits and bad input as GraphQL errors with codes, 400 for graphql-response+json', async () => {
    const costly = await post(
      { query: '{ users(limit: 100) { items { todos(limit: 100) { items { user { posts(limit: 100) { items { id } } } } } } } }' },
      { accept: 'application/graphql-response+json' },
    );
    expect(costly.status).toBe(400);
    expect(((await costly.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('QUERY_TOO_COSTLY');
    const page = await post({ query: '{ todos(limit: 1000) { items { id } } }' });
    expect(((await page.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the portal guards: 401, 403 without the graphql scope, 413 for a huge body', async () => {
    expect((await fetch(`${p.portal.url}/api/graphql?query=%7Bhello%7D`)).status).toBe(401);
    const other = await p.newAccount(['rest']);
    expect((await post({ query: '{ hello }' }, { authorization: `Bearer ${other.token}` })).status).toBe(403);
    const huge = await post({ query: `{ hello } # ${'x'.repeat(70_000)}` });
    expect(huge.status).toBe(413);
    const unsupported = await p.api('/api/graphql', { method: 'PUT', body: '{}' });
    expect(unsupported.status).toBe(405);
    expect(await unsupported.json()).toEqual({ errors: [{ message: 'Use GET or POST.' }] });
  });
});
