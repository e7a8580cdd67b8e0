import { describe, expect, it } from 'vitest';
import { toKernelError } from '../../../src/lib/client/notebook/kernel/errors';
import { rememberScript } from '../../../src/lib/client/notebook/kernel/kernel-state';
import { clip, displayUrl, formatBytes, formatMs, prettyBody } from '../../../src/lib/shared/notebook/format';
import { graphqlFromRequest, graphqlFromSocketMessage, operationOf } from '../../../src/lib/shared/notebook/graphql-operation';
import { DEFAULT_LIMITS, inspect, isExpandable, logText, summarize } from '../../../src/lib/shared/notebook/inspect';
import { tableFrom, tableText } from '../../../src/lib/shared/notebook/inspect-table';

/** How cell output is turned into data and text: values, tables, errors, network labels. */

describe('inspect', () => {
  it('keeps primitives exact', () => {
    expect(inspect('hi')).toEqual({ t: 'string', v: 'hi' });
    expect(inspect(-0)).toEqual({ t: 'number', v: '-0' });
    expect(inspect(10n)).toEqual({ t: 'bigint', v: '10n' });
    expect(inspect(undefined)).toEqual({ t: 'undefined', v: 'undefined' });
    expect(inspect(null)).toEqual({ t: 'null', v: 'null' });
    expect(inspect(Symbol('s'))).toEqual({ t: 'symbol', v: 'Symbol(s)' });
  });

  it('describes functions, classes, dates, errors and bytes', () => {
    expect(inspect(async function load() {})).toEqual({ t: 'function', name: 'load', kind: 'async' });
    expect(inspect(class Shape {})).toEqual({ t: 'function', name: 'Shape', kind: 'class' });
    expect(inspect(new Date('2024-01-02T03:04:05Z'))).toEqual({ t: 'text', ctor: 'Date', v: '2024-01-02T03:04:05.000Z' });
    const e = inspect(new TypeError('bad'));
    expect(e).toMatchObject({ t: 'error', name: 'TypeError', message: 'bad' });
    expect(inspect(new Uint8Array([1, 255]))).toEqual({ t: 'binary', ctor: 'Uint8Array', bytes: 2, hex: '01 ff' });
  });

  it('walks objects, arrays, maps and sets, marking cycles', () => {
    const o: Record<string, unknown> = { a: 1, list: [1, 'two'], m: new Map([['k', true]]), s: new Set([3]) };
    o.self = o;
    const node = inspect(o);
    expect(summarize(node)).toBe('{a: 1, list: (2) [1, "two"], m: Map(1) {"k" => true}, s: Set(1) {3}, self: [Circular]}');
    expect(isExpandable(node)).toBe(true);
  });

  it('stays within its limits: depth, entries, string length and total nodes', () => {
    const deep = { a: { b: { c: { d: 1 } } } };
    expect(summarize(inspect(deep, { ...DEFAULT_LIMITS, depth: 2 }))).toBe('{a: {b: {…}}}');
    const many = inspect(
      Array.from({ length: 500 }, (_, i) => i),
      { ...DEFAULT_LIMITS, entries: 10 },
    );
    expect(many).toMatchObject({ t: 'array', len: 500, more: 490 });
    expect(inspect('x'.repeat(50), { ...DEFAULT_LIMITS, string: 10 })).toEqual({ t: 'string', v: 'x'.repeat(10), cut: 50 });
    const wide = inspect(
      Array.from({ length: 100 }, () => ({ a: [1, 2, 3] })),
      { ...DEFAULT_LIMITS, nodes: 50 },
    );
    expect(JSON.stringify(wide).length).toBeLessThan(5000);
  });

  it('prints top-level strings bare and everything else as a preview', () => {
    expect(logText(inspect('plain'))).toBe('plain');
    expect(logText(inspect({ s: 'quoted' }))).toBe('{s: "quoted"}');
    expect(summarize(inspect({ long: 'y'.repeat(200) }), 20)).toHaveLength(20);
  });
});

describe('tableFrom', () => {
  it('makes a table of an array of objects with the union of their keys', () => {
    const t = tableFrom([
      { id: 1, title: 'a' },
      { id: 2, done: true },
    ])!;
    expect(t.columns).toEqual(['id', 'title', 'done']);
    expect(t.index).toEqual(['0', '1']);
    expect(t.rows[1]![1]).toBeNull();
    expect(tableText(t)).toBe('(index)\tid\ttitle\tdone\n0\t1\ta\t\n1\t2\t\ttrue');
    // display() of a list leaves the positions out (console.table keeps them).
    expect(tableText({ ...t, hideIndex: true })).toBe('id\ttitle\tdone\n1\ta\t\n2\t\ttrue');
  });

  it('takes records of objects and arrays of primitives, and refuses the rest', () => {
    expect(tableFrom({ alice: { age: 3 }, bob: { age: 4 } })!.index).toEqual(['alice', 'bob']);
    expect(tableFrom([1, 2])!.columns).toEqual(['Values']);
    expect(tableFrom([{ a: 1 }, 2])).toBeNull();
    expect(tableFrom([])).toBeNull();
    expect(tableFrom('text')).toBeNull();
  });

  it('caps rows and says how many were left out', () => {
    const t = tableFrom(Array.from({ length: 250 }, (_, i) => ({ i })))!;
    expect(t.rows).toHaveLength(200);
    expect(t.more).toBe(50);
    expect(tableText(t)).toMatch(/… 50 more rows$/);
  });
});

describe('kernel errors', () => {
  it('rewrites stack frames inside cells to the cell’s own lines and drops kernel frames', () => {
    rememberScript('blob:null/aaaa', { cellId: 'fetch-todo', lines: [1, 1, 2, 4, 4] });
    const err = new TypeError('todo.title is undefined');
    err.stack = [
      'TypeError: todo.title is undefined',
      '    at show (blob:null/aaaa:4:11)',
      '    at blob:null/aaaa:2:3',
      '    at execute (http://127.0.0.1:4321/_astro/nb-kernel-runtime.js:1:999)',
    ].join('\n');
    expect(toKernelError(err, 'fetch-todo')).toEqual({
      name: 'TypeError',
      message: 'todo.title is undefined',
      line: 4,
      frames: ["at show (cell 'fetch-todo' line 4)", "at cell 'fetch-todo' line 1"],
    });
  });

  it('names a cell’s own body after the cell, never after the kernel’s internals', () => {
    rememberScript('blob:null/bbbb', { cellId: 'health', lines: [1, 2, 3] });
    rememberScript('blob:null/cccc', { cellId: 'helpers', lines: [1, 5, 9] });
    const err = new Error('deep');
    err.stack = [
      'Error: deep',
      '    at inner (blob:null/bbbb:1:40)',
      '    at Object.helper (blob:null/cccc:2:7)',
      '    at async shout (blob:null/cccc:3:1)',
      '    at self.__nbCells.r1 (blob:null/bbbb:3:1)',
      '    at async self.__nbCells.r7 (blob:null/bbbb:2:1)',
    ].join('\n');
    const { frames, line } = toKernelError(err, 'health');
    expect(line).toBe(1);
    expect(frames).toEqual([
      "at inner (cell 'health' line 1)",
      "at helper (cell 'helpers' line 5)",
      "at shout (cell 'helpers' line 9)",
      "at cell 'health' line 3",
      "at cell 'health' line 2",
    ]);
    expect(frames.join('\n')).not.toMatch(/__nb|self\./);
  });

  it('reports thrown non-errors as they are', () => {
    expect(toKernelError('plain string', 'x')).toEqual({ name: 'Uncaught', message: 'plain string', line: null, frames: [] });
    expect(toKernelError({ code: 42 }, 'x').message).toBe('{"code":42}');
  });
});

describe('network labels', () => {
  it('formats sizes and durations', () => {
    expect([formatBytes(12), formatBytes(1500), formatBytes(25_000), formatBytes(3_200_000), formatBytes(null)]).toEqual([
      '12 B',
      '1.5 kB',
      '25 kB',
      '3.2 MB',
      '–',
    ]);
    expect([formatMs(0.25), formatMs(12.4), formatMs(1250), formatMs(12_500), formatMs(125_000)]).toEqual([
      '0.3 ms',
      '12 ms',
      '1.25 s',
      '12.5 s',
      '2 min 5 s',
    ]);
  });

  it('shortens portal URLs, keeps others whole, pretty-prints JSON and clips long text', () => {
    expect(displayUrl('http://127.0.0.1:4321/api/rest/todos?id=1', 'http://127.0.0.1:4321')).toBe('/api/rest/todos?id=1');
    expect(displayUrl('ws://127.0.0.1:4321/ws/echo', 'http://127.0.0.1:4321')).toBe('/ws/echo');
    expect(displayUrl('https://example.com/x', 'http://127.0.0.1:4321')).toBe('https://example.com/x');
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('not json')).toBe('not json');
    expect(clip('abcdef', 3)).toEqual({ text: 'abc\n… (3 more characters)', cut: true });
  });

  it('names GraphQL operations in HTTP bodies, GET queries and graphql-ws messages', () => {
    expect(operationOf('query GetTodo($id: ID!) { todo(id: $id) { title } }')).toEqual({ type: 'query', name: 'GetTodo' });
    expect(operationOf('{ hello }')).toEqual({ type: 'query', name: null });
    expect(operationOf('fragment F on Todo { id }\nmutation Save { save { ...F } }')).toEqual({ type: 'mutation', name: 'Save' });
    expect(operationOf('query A { a } subscription B { b }', 'B')).toEqual({ type: 'subscription', name: 'B' });
    expect(graphqlFromRequest('http://x/api/graphql', JSON.stringify({ query: '{ hello }', variables: { n: 1 } }))).toEqual({
      type: 'query',
      name: null,
      variables: '{"n":1}',
    });
    expect(graphqlFromRequest('http://x/api/graphql?query=%7B%20hello%20%7D', null)).toEqual({ type: 'query', name: null, variables: null });
    expect(graphqlFromRequest('http://x/api/rest/todos', JSON.stringify({ title: 'x' }))).toBeNull();
    expect(graphqlFromSocketMessage(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription Ticks { tick }' } }))).toEqual({
      type: 'subscription',
      name: 'Ticks',
      variables: null,
    });
    expect(graphqlFromSocketMessage('{"type":"ping"}')).toBeNull();
    expect(graphqlFromSocketMessage('not json')).toBeNull();
  });
});
