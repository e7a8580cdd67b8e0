import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execute, parse, specifiedRules, validate, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '../../../src/lib/server/db/connection';
import { createContext } from '../../../src/lib/server/graphql/context';
import { costLimit, depthLimit, limitedParse, MAX_DEPTH } from '../../../src/lib/server/graphql/limits';
import { portalSchema } from '../../../src/lib/server/graphql/schema';
import { cachedParse, validateOperation } from '../../../src/lib/server/graphql/validation';
import { storeStats } from '../../../src/lib/server/rest/store';
import { createAccount } from '../../helpers/accounts';

/**
 * The schema in this process on a real SQLite file: the interview's hello,
 * batching (one store read for all users' todos), mutations sharing the REST
 * validation, and the depth and cost limits.
 */

let dataDir: string;
let viewerId: number;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-gql-'));
  viewerId = (await createAccount(dataDir)).user.id;
});
afterAll(() => {
  closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function run(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult> {
  const document = parse(query);
  const errors = validate(portalSchema(), document, [...specifiedRules, depthLimit(), costLimit(variables)]);
  if (errors.length) return { errors };
  return execute({ schema: portalSchema(), document, variableValues: variables, contextValue: createContext(viewerId) });
}

describe('the GraphQL schema', () => {
  it('answers { hello } with Hello World, and greets by name', async () => {
    expect(await run('{ hello }')).toEqual({ data: { hello: 'Hello World' } });
    expect(await run('query ($n: String) { hello(name: $n) }', { n: 'Ada' })).toEqual({ data: { hello: 'Hello Ada' } });
  });

  it('loads the todos of every listed user in one store read (DataLoader)', async () => {
    const before = storeStats.reads;
    const r = await run('{ users(limit: 10) { items { id todos(limit: 2) { items { id userId } pageInfo { totalCount } } } } }');
    expect(r.errors).toBeUndefined();
    const users = (
      r.data as { users: { items: Array<{ id: number; todos: { items: Array<{ userId: number }>; pageInfo: { totalCount: number } } }> } }
    ).users.items;
    expect(users).toHaveLength(10);
    for (const u of users) {
      expect(u.todos.pageInfo.totalCount).toBe(20);
      expect(u.todos.items.every((t) => t.userId === u.id)).toBe(true);
    }
    // one read for the users list, one for all their todos
    expect(storeStats.reads - before).toBe(2);
  });

  it('creates, updates and deletes the learner’s todos with the REST rules', async () => {
    const created = await run('mutation { createTodo(input: { userId: 3, title: "from a test" }) { id title completed user { id } } }');
    const todo = (created.data as { createTodo: { id: number } }).createTodo;
    expect(created.data).toEqual({ createTodo: { id: todo.id, title: 'from a test', completed: false, user: { id: 3 } } });
    const updated = await run(`mutation { updateTodo(id: ${todo.id}, changes: { completed: true }) { completed title } }`);
    expect(updated.data).toEqual({ updateTodo: { completed: true, title: 'from a test' } });
    const bad = await run('mutation { createTodo(input: { userId: 999, title: "" }) { id } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { title: 'must not be empty' } });
    const nulled = await run(`mutation { updateTodo(id: ${todo.id}, changes: { title: null }) { id } }`);
    expect(nulled.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { title: expect.any(String) } });
    expect((await run(`mutation { deleteTodo(id: ${todo.id}) }`)).data).toEqual({ deleteTodo: todo.id });
    expect((await run(`mutation { deleteTodo(id: ${todo.id}) }`)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses queries nested too deep or too costly, but lets introspection through', async () => {
    // user > posts > items > comments > items > post > user > posts > items > comments > items > post > id: 13 levels
    expect(MAX_DEPTH).toBeLessThan(13);
    const tooDeep = await run(
      `{ user(id: 1) { posts { items { comments { items { post { user { posts { items { comments { items { post { id } } } } } } } } } } } } }`,
    );
    expect(tooDeep.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP' });
    const costly = await run(
      'query ($n: Int) { users(limit: 100) { items { todos(limit: $n) { items { user { posts(limit: 100) { items { id } } } } } } } }',
      { n: 100 },
    );
    expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    const intro = await run('{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }');
    expect(intro.errors).toBeUndefined();
  });

  it('caps the number of tokens a document may have', () => {
    expect(() => limitedParse(`{ ${'hello '.repeat(6000)}}`)).toThrow(/token/i);
  });

  it('caches parse and static validation per document, but judges cost with each request’s variables', () => {
    const source = 'query ($n: Int) { users(limit: 10) { items { todos(limit: $n) { items { user { posts(limit: 100) { items { id } } } } } } } }';
    const doc = cachedParse(source);
    expect(cachedParse(source)).toBe(doc);
    expect(validateOperation(portalSchema(), doc, { n: 1 })).toEqual([]);
    expect(validateOperation(portalSchema(), doc, { n: 100 })[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(validateOperation(portalSchema(), cachedParse('{ nope }'), {})[0]?.message).toContain('Cannot query field "nope"');
  });

  it('remembers cost verdicts per variable values, never across them', () => {
    const schema = portalSchema();
    const doc = cachedParse(
      'query ($n: Int) { users(limit: 10) { items { todos(limit: $n) { items { user { posts(limit: 100) { items { id } } } } } } } }',
    );
    // Alternate cheap and costly values again and again: each answer follows its own variables.
    for (let i = 0; i < 3; i++) {
      expect(validateOperation(schema, doc, { n: 1 })).toEqual([]);
      expect(validateOperation(schema, doc, { n: 100 })[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
      expect(validateOperation(schema, doc, null)).toEqual(validate(schema, doc, [costLimit(null)]));
    }
    // More distinct values than the per-document memory holds still get their own verdicts.
    const verdicts = new Set<number>();
    for (let n = 1; n <= 40; n++) {
      const expected = validate(schema, doc, [costLimit({ n })]).length;
      verdicts.add(expected);
      expect(validateOperation(schema, doc, { n }).length, `n=${n}`).toBe(expected);
    }
    expect([...verdicts].sort()).toEqual([0, 1]);
    // A document without variables has one verdict, whatever variables come along with it.
    const plain = cachedParse('{ users(limit: 1000) { items { todos(limit: 1000) { items { id } } } } }');
    const first = validateOperation(schema, plain, {});
    expect(first[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(validateOperation(schema, plain, { n: 1 })).toBe(first);
  });

  it('keeps a document in use while one-off documents pass through (LRU)', () => {
    const hot = cachedParse('{ hello }');
    for (let i = 0; i < 1200; i++) {
      cachedParse(`{ hello(name: "visitor ${i}") }`);
      if (i % 100 === 0) expect(cachedParse('{ hello }')).toBe(hot);
    }
    expect(cachedParse('{ hello }')).toBe(hot);
    const old = cachedParse('{ hello(name: "visitor 0") }');
    expect(cachedParse('{ hello(name: "visitor 0") }')).toBe(old);
  });
});
