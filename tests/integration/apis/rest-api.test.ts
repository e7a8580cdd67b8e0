import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiPortal, type ApiPortal } from './support';

/**
 * Contract tests of /api/rest against the built portal: every route and
 * status the API documents, the headers it promises, and each learner's
 * private copy of the data.
 */

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  await p.portal.stop();
});

const json = (body: unknown, extra: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

describe('reading', () => {
  it('serves todo 1 exactly as the interview printed it, with cache, rate and CORS headers', async () => {
    const res = await p.api('/api/rest/todos/1');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"userId":1,"id":1,"title":"delectus aut autem","completed":false}');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('vary')).toContain('Authorization');
    expect(res.headers.get('ratelimit-limit')).toBe('600');
    expect(Number(res.headers.get('ratelimit-remaining'))).toBeLessThan(600);
    expect(res.headers.get('ratelimit-policy')).toBe('600;w=60');
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 304 to a matching If-None-Match (weak or strong) and 200 otherwise', async () => {
    const etag = (await p.api('/api/rest/todos/2')).headers.get('etag')!;
    const same = await p.api('/api/rest/todos/2', { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(await same.text()).toBe('');
    expect((await p.api('/api/rest/todos/2', { headers: { 'if-none-match': `"nope", W/${etag}` } })).status).toBe(304);
    expect((await p.api('/api/rest/todos/2', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await p.api('/api/rest/todos?userId=2', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('20');
    expect(await res.text()).toBe('');
  });

  it('lists whole collections with X-Total-Count', async () => {
    for (const [name, n] of [
      ['todos', 200],
      ['posts', 100],
      ['comments', 500],
      ['users', 10],
    ] as const) {
      const res = await p.api(`/api/rest/${name}`);
      expect(res.headers.get('x-total-count')).toBe(String(n));
      expect(((await res.json()) as unknown[]).length).toBe(n);
    }
  });

  it('filters by fields, searches, sorts and pages with Link headers', async () => {
    const res = await p.api('/api/rest/todos?userId=1&completed=false&_page=2&_limit=3');
    const todos = (await res.json()) as Array<{ userId: number; completed: boolean; id: number }>;
    const total = Number(res.headers.get('x-total-count'));
    expect(todos.length).toBeLessThanOrEqual(3);
    expect(todos.every((t) => t.userId === 1 && !t.completed)).toBe(true);
    const link = res.headers.get('link')!;
    const rels = Object.fromEntries([...link.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2], new URL(m[1]!)]));
    expect(Object.keys(rels).sort()).toEqual(['first', 'last', 'next', 'prev'].filter((r) => r !== 'next' || total > 6));
    expect(rels.first!.searchParams.get('_page')).toBe('1');
    expect(rels.last!.searchParams.get('_page')).toBe(String(Math.ceil(total / 3)));
    expect(rels.prev!.searchParams.get('userId')).toBe('1');

    const two = (await (await p.api('/api/rest/todos?id=5&id=9')).json()) as Array<{ id: number }>;
    expect(two.map((t) => t.id)).toEqual([5, 9]);
    const sorted = (await (await p.api('/api/rest/posts?_sort=userId,id&_order=desc,asc&_limit=3')).json()) as Array<{ userId: number; id: number }>;
    expect(sorted.map((x) => [x.userId, x.id])).toEqual([
      [10, 91],
      [10, 92],
      [10, 93],
    ]);
    const found = (await (await p.api('/api/rest/todos?q=DELECTUS%20AUT')).json()) as Array<{ id: number }>;
    expect(found.map((t) => t.id)).toContain(1);
  });

  it('serves the nested lists, and 404 under a missing parent', async () => {
    const todos = (await (await p.api('/api/rest/users/3/todos?completed=true')).json()) as Array<{ userId: number; completed: boolean }>;
    expect(todos.length).toBeGreaterThan(0);
    expect(todos.every((t) => t.userId === 3 && t.completed)).toBe(true);
    expect(((await (await p.api('/api/rest/posts/4/comments')).json()) as unknown[]).length).toBe(5);
    expect(((await (await p.api('/api/rest/users/2/posts')).json()) as unknown[]).length).toBe(10);
    expect((await p.api('/api/rest/users/99/todos')).status).toBe(404);
    const notNested = await p.api('/api/rest/users/1/comments');
    expect(notNested.status).toBe(404);
    expect((await errorOf(notNested)).message).toContain('/users/1/todos');
    expect((await p.api('/api/rest/users/1/todos?userId=2')).status).toBe(400);
  });

  it('lists where things are at /api/rest', async () => {
    const index = (await (await p.api('/api/rest')).json()) as { collections: Record<string, { href: string }>; openapi: string };
    expect(index.collections.todos!.href).toBe('/api/rest/todos');
    expect(index.openapi).toBe('/api/rest/openapi.json');
  });
});

describe('refusals', () => {
  it('401 without a login, 401 invalid_token with a bad token, 403 without the rest scope', async () => {
    const anon = await fetch(`${p.portal.url}/api/rest/todos/1`);
    expect(anon.status).toBe(401);
    expect((await errorOf(anon)).code).toBe('unauthorized');
    const bad = await p.api('/api/rest/todos/1', { headers: { authorization: 'Bearer ilp_aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    const other = await p.newAccount(['graphql']);
    const scoped = await p.api('/api/rest/todos/1', { headers: { authorization: `Bearer ${other.token}` } });
    expect(scoped.status).toBe(403);
    expect((await errorOf(scoped)).code).toBe('insufficient_scope');
  });

  it('400 for query parameters it does not know or cannot read', async () => {
    const res = await p.api('/api/rest/todos?userId=one&colour=red&_limit=5000');
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('invalid_query');
    expect(Object.keys(err.fields!).sort()).toEqual(['_limit', 'colour', 'userId']);
  });

  it('404 for unknown collections, bad ids and missing records', async () => {
    for (const path of ['/api/rest/nope', '/api/rest/todos/abc', '/api/rest/todos/0', '/api/rest/todos/999', '/api/rest/todos/1/2/3']) {
      const res = await p.api(path);
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });

  it('405 with Allow for a method the URL does not take; OPTIONS lists them', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/api/rest/todos', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/api/rest/todos/1', 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS'],
      ['DELETE', '/api/rest/users/1/todos', 'GET, HEAD, OPTIONS'],
      ['GET', '/api/rest/reset', 'POST, OPTIONS'],
    ] as const) {
      const res = await p.api(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect((await errorOf(res)).code).toBe('method_not_allowed');
    }
    const options = await p.api('/api/rest/todos/1', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  it('answers a CORS preflight for token calls from any origin', async () => {
    const res = await fetch(`${p.portal.url}/api/rest/todos/1`, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
  });

  it('415, 400 and 413 for bodies that are not small JSON', async () => {
    expect((await p.api('/api/rest/todos', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await p.api('/api/rest/todos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":' })).status).toBe(400);
    expect((await p.api('/api/rest/todos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' })).status).toBe(400);
    const big = await p.api('/api/rest/todos', { method: 'POST', ...json({ userId: 1, title: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('body_too_large');
  });

  it('422 with every field problem, references included', async () => {
    const res = await p.api('/api/rest/todos', { method: 'POST', ...json({ title: '', completed: 'yes', extra: 1 }) });
    expect(res.status).toBe(422);
    const err = await errorOf(res);
    expect(err.code).toBe('validation_failed');
    expect(err.fields).toEqual({
      userId: 'is required',
      title: 'must not be empty',
      completed: 'must be true or false, not a string',
      extra: 'is not a field of this record',
    });
    const ref = await p.api('/api/rest/comments', { method: 'POST', ...json({ postId: 1000, name: 'n', email: 'a@b.co', body: 'b' }) });
    expect(ref.status).toBe(422);
    expect((await errorOf(ref)).fields).toEqual({ postId: 'there is no post with id 1000' });
    expect((await p.api('/api/rest/todos', { method: 'POST', ...json([1, 2]) })).status).toBe(422);
  });
});

describe('writing your private copy', () => {
  it('creates with 201 and Location, and only you see it', async () => {
    const res = await p.api('/api/rest/todos', { method: 'POST', ...json({ userId: 4, title: 'learn REST' }) });
    expect(res.status).toBe(201);
    const todo = (await res.json()) as { id: number };
    expect(todo).toEqual({ userId: 4, id: expect.any(Number), title: 'learn REST', completed: false });
    expect(todo.id).toBeGreaterThan(200);
    expect(res.headers.get('location')).toBe(`/api/rest/todos/${todo.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await (await p.api(res.headers.get('location')!)).json()).toEqual(todo);
    expect(Number((await p.api('/api/rest/users/4/todos', { method: 'HEAD' })).headers.get('x-total-count'))).toBe(21);
    const other = await p.newAccount();
    const theirs = await p.api(`/api/rest/todos/${todo.id}`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(theirs.status).toBe(404);
  });

  it('replaces with PUT, merges with PATCH, and keeps the shared record for others', async () => {
    const put = await p.api('/api/rest/todos/7', { method: 'PUT', ...json({ userId: 1, title: 'replaced', completed: true }) });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ userId: 1, id: 7, title: 'replaced', completed: true });
    const incomplete = await p.api('/api/rest/todos/7', { method: 'PUT', ...json({ title: 'no owner' }) });
    expect(incomplete.status).toBe(422);
    const patch = await p.api('/api/rest/todos/7', {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"completed":false}',
    });
    expect(await patch.json()).toEqual({ userId: 1, id: 7, title: 'replaced', completed: false });
    expect((await p.api('/api/rest/todos/7', { method: 'PATCH', ...json({ id: 8 }) })).status).toBe(422);
    const user = await p.api('/api/rest/users/2', { method: 'PATCH', ...json({ address: { city: 'Nairobi' }, phone: null }) });
    const patched = (await user.json()) as { address: { city: string; street: string }; phone?: string };
    expect(patched.address.city).toBe('Nairobi');
    expect(patched.address.street).toBeTruthy();
    expect(patched.phone).toBeUndefined();
    const other = await p.newAccount();
    const shared = await p.api('/api/rest/todos/7', { headers: { authorization: `Bearer ${other.token}` } });
    expect(((await shared.json()) as { title: string }).title).not.toBe('replaced');
  });

  it('refuses a write whose If-Match is stale with 412, and accepts a current one', async () => {
    const etag = (await p.api('/api/rest/todos/8')).headers.get('etag')!;
    expect((await p.api('/api/rest/todos/8', { method: 'PATCH', ...json({ title: 'changed once' }, { 'if-match': etag }) })).status).toBe(200);
    const stale = await p.api('/api/rest/todos/8', { method: 'PATCH', ...json({ title: 'changed twice' }, { 'if-match': etag }) });
    expect(stale.status).toBe(412);
    expect((await errorOf(stale)).code).toBe('precondition_failed');
    expect((await p.api('/api/rest/todos/8', { method: 'DELETE', headers: { 'if-match': etag } })).status).toBe(412);
  });

  it('deletes with 204 (no body needed, no Origin), then 404', async () => {
    const del = await p.api('/api/rest/todos/9', { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect((await p.api('/api/rest/todos/9')).status).toBe(404);
    expect((await p.api('/api/rest/todos/9', { method: 'DELETE' })).status).toBe(404);
    expect(((await (await p.api('/api/rest/users/1/todos')).json()) as Array<{ id: number }>).map((t) => t.id)).not.toContain(9);
  });

  it('gives POSTs sent at once distinct ids, and one of two DELETEs sent at once 204, the other 404', async () => {
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, i) => p.api('/api/rest/posts', { method: 'POST', ...json({ userId: 1, title: `at once ${i}`, body: 'b' }) })),
    );
    expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = await Promise.all(made.map(async (r) => ((await r.json()) as { id: number }).id));
    expect(new Set(ids).size).toBe(5);
    const deletes = await Promise.all([p.api('/api/rest/posts/3', { method: 'DELETE' }), p.api('/api/rest/posts/3', { method: 'DELETE' })]);
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 404]);
  });

  it('resets one collection or all of them', async () => {
    expect((await p.api('/api/rest/reset?resource=planets', { method: 'POST' })).status).toBe(400);
    const one = await p.api('/api/rest/reset?resource=users', { method: 'POST' });
    expect(await one.json()).toEqual({ reset: ['users'], removed: 1 });
    const all = await p.api('/api/rest/reset', { method: 'POST' });
    const body = (await all.json()) as { reset: string[]; removed: number };
    expect(body.reset).toEqual(['todos', 'posts', 'comments', 'users']);
    expect(body.removed).toBeGreaterThanOrEqual(9);
    expect((await p.api('/api/rest/todos/9')).status).toBe(200);
    expect(Number((await p.api('/api/rest/todos', { method: 'HEAD' })).headers.get('x-total-count'))).toBe(200);
  });
});

describe('the rate limit', () => {
  it('answers 429 with Retry-After once the minute budget is spent', async () => {
    const small = await startApiPortal({ env: { API_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await small.api('/api/rest/todos/1');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last!.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(last!)).code).toBe('rate_limited');
    } finally {
      await small.portal.stop();
    }
  });
});
