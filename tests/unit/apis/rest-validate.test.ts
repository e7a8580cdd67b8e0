import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../src/lib/shared/rest/spec';
import { mergePatch, validateRecord } from '../../../src/lib/shared/rest/validate';
import { parseListQuery } from '../../../src/lib/server/rest/list-query';
import { ApiError } from '../../../src/lib/server/http/errors';

/** Validation of records and list queries: every problem reported per field, never a throw on odd input. */

describe('validateRecord', () => {
  it('accepts a new todo and fills completed', () => {
    expect(validateRecord(RESOURCES.todos, { userId: 2, title: 'write tests' })).toEqual({
      ok: true,
      value: { userId: 2, title: 'write tests', completed: false },
    });
  });

  it('reports every bad field at once, nested paths dotted', () => {
    const r = validateRecord(RESOURCES.users, {
      name: '',
      username: 'has space',
      email: 'nope',
      address: { street: 'x', suite: 'y', city: 'z', zipcode: '1', geo: { lat: 'north', lng: '1.5' } },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fields).sort()).toEqual(['address.geo.lat', 'email', 'extra', 'name', 'username']);
  });

  it('refuses an id in a new record and a different id on replace', () => {
    expect(validateRecord(RESOURCES.todos, { id: 5, userId: 1, title: 't' })).toMatchObject({ ok: false, fields: { id: expect.any(String) } });
    expect(validateRecord(RESOURCES.todos, { id: 5, userId: 1, title: 't' }, { id: 6 })).toMatchObject({ ok: false });
    expect(validateRecord(RESOURCES.todos, { id: 6, userId: 1, title: 't' }, { id: 6 })).toMatchObject({ ok: true });
  });

  it('refuses control characters, lone surrogates and over-long text', () => {
    for (const title of ['a\u0000b', 'line\nbreak', '\uD800', 'x'.repeat(201), '   ']) {
      expect(validateRecord(RESOURCES.todos, { userId: 1, title }).ok, JSON.stringify(title)).toBe(false);
    }
    expect(validateRecord(RESOURCES.posts, { userId: 1, title: 't', body: 'two\nlines' }).ok).toBe(true);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(RESOURCES)), fc.jsonValue(), (spec, input) => {
        const r = validateRecord(spec, input);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('mergePatch (RFC 7396)', () => {
  it('merges objects and removes with null', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: 5 })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: 5 });
    expect(mergePatch({ a: 1 }, [1])).toEqual([1]);
  });
});

describe('parseListQuery', () => {
  const parse = (qs: string) => parseListQuery(RESOURCES.todos, new URLSearchParams(qs));

  it('reads filters, paging and sorting', () => {
    expect(parse('userId=1&userId=2&completed=false&_page=2&_limit=5&_sort=title,id&_order=desc,asc')).toEqual({
      filters: [
        { field: 'userId', values: [1, 2] },
        { field: 'completed', values: [false] },
      ],
      q: null,
      sort: [
        { field: 'title', desc: true },
        { field: 'id', desc: false },
      ],
      page: 2,
      limit: 5,
    });
    expect(parse('_page=3')).toMatchObject({ page: 3, limit: 10 });
  });

  it('answers 400 naming each bad parameter', () => {
    try {
      parse('userId=x&completed=yes&_limit=0&nope=1&_sort=secret');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
      expect(Object.keys((err as ApiError).extra.fields ?? {}).sort()).toEqual(['_limit', '_sort', 'completed', 'nope', 'userId']);
    }
  });

  it('throws nothing but ApiError 400 for arbitrary query strings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.oneof(fc.string(), fc.constantFrom('userId', 'completed', '_page', '_limit', '_sort', '_order', 'q', 'title')), fc.string()),
          { maxLength: 8 },
        ),
        (pairs) => {
          try {
            parseListQuery(RESOURCES.todos, new URLSearchParams(pairs));
          } catch (err) {
            expect(err).toBeInstanceOf(ApiError);
            expect((err as ApiError).status).toBe(400);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
