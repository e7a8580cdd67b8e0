import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiPortal, type ApiPortal } from './support';

/**
 * The OpenAPI 3.1 document at /api/rest/openapi.json against the live API:
 * its schemas compile as JSON Schema 2020-12; every documented operation,
 * called for real, answers a documented status whose body matches the
 * documented schema and carries the documented headers; and every method a
 * documented path does not list is refused with 405 and an Allow header
 * naming exactly the documented ones.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks an arbitrary JSON document by its keys
type Json = Record<string, any>;

let p: ApiPortal;
let doc: Json;
let ajv: Ajv2020;

beforeAll(async () => {
  p = await startApiPortal({ env: { API_RATE_LIMIT: '100000' } });
  doc = (await (await p.api('/api/rest/openapi.json')).json()) as Json;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addSchema({ $id: 'doc', components: doc.components });
});
afterAll(async () => {
  await p.portal.stop();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function resolve(obj: Json): Json {
  if (!obj.$ref) return obj;
  const parts = (obj.$ref as string).replace('#/', '').split('/');
  return parts.reduce((o: Json, k) => o[k], doc);
}

/** A request that exercises an operation: its path with ids filled in, and a valid body. */
const BODIES: Record<string, unknown> = {
  todos: { userId: 1, title: 'check the contract' },
  posts: { userId: 1, title: 'contract', body: 'text\nover lines' },
  comments: { postId: 1, name: 'contract', email: 'a@example.com', body: 'fine' },
  users: { name: 'Ada Lovelace', username: 'ada', email: 'ada@example.com' },
};

async function check(method: string, pathTemplate: string, op: Json): Promise<void> {
  const resource = pathTemplate.split('/')[1]!;
  const id = method === 'delete' ? '3' : '2';
  const path = `/api/rest${pathTemplate.replace('{id}', id)}${method === 'get' && !pathTemplate.includes('{id}') && pathTemplate !== '/' ? '?_page=1&_limit=2' : ''}${pathTemplate.endsWith('{id}/todos') ? '?_page=1&_limit=2' : ''}`;
  const body = method === 'post' || method === 'put' ? JSON.stringify(BODIES[resource] ?? {}) : method === 'patch' ? '{}' : undefined;
  const res = await p.api(path, {
    method: method.toUpperCase(),
    ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
  });
  const documented = op.responses[String(res.status)];
  expect(documented, `${method.toUpperCase()} ${path} answered ${res.status}, documented: ${Object.keys(op.responses)}`).toBeDefined();
  const response = resolve(documented);
  for (const name of Object.keys(response.headers ?? {})) {
    if (name === 'Link' && !path.includes('_page')) continue;
    if (name === 'Retry-After') continue;
    expect(res.headers.has(name), `${method.toUpperCase()} ${path}: header ${name}`).toBe(true);
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    expect(await res.text()).toBe('');
    return;
  }
  const validate = ajv.compile(
    schema.$ref
      ? { $ref: `doc${schema.$ref}` }
      : { ...schema, $defs: undefined, items: schema.items?.$ref ? { $ref: `doc${schema.items.$ref}` } : schema.items },
  );
  const data = await res.json();
  expect(validate(42), 'the schema must constrain something').toBe(false);
  expect(validate(data), `${method.toUpperCase()} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 whose component schemas compile as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/api/rest' }]);
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`), name).not.toThrow();
    }
    const todo = ajv.getSchema('doc#/components/schemas/Todo')!;
    expect(todo({ userId: 1, id: 1, title: 'delectus aut autem', completed: false })).toBe(true);
    expect(todo({ userId: 1, id: 1, title: 'x', completed: 'no' })).toBe(false);
  });

  it('describes every operation as it behaves', async () => {
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        if (!item[method]) continue;
        await check(method, path, item[method]);
        checked++;
      }
      await p.api('/api/rest/reset', { method: 'POST' });
    }
    expect(checked).toBe(3 + 4 * 6 + 3);
  });

  it('documents the error answers with the Error schema', async () => {
    const error = ajv.getSchema('doc#/components/schemas/Error')!;
    for (const [method, path, body] of [
      ['GET', '/api/rest/todos/999', undefined],
      ['POST', '/api/rest/todos', '{"title":""}'],
      ['GET', '/api/rest/todos?colour=red', undefined],
      ['PUT', '/api/rest/todos', '{}'],
    ] as const) {
      const res = await p.api(path, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(error(await res.json()), `${method} ${path}`).toBe(true);
    }
  });

  it('answers 405 with exactly the documented methods for every other method', async () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      const allow = [...documented.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))];
      const url = `/api/rest${path.replace('{id}', '1')}`;
      for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'PATCH']) {
        if (documented.includes(method)) continue;
        const res = await p.api(url, { method, ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
        expect(res.status, `${method} ${url}`).toBe(405);
        expect(new Set(res.headers.get('allow')!.split(', ')), `${method} ${url}`).toEqual(new Set([...allow, 'OPTIONS']));
      }
    }
  });
});
