import { describe, expect, it } from 'vitest';
import { RESOURCES, RESOURCE_NAMES } from '../../../src/lib/shared/rest/spec';
import { validateRecord } from '../../../src/lib/shared/rest/validate';
import { dataset } from '../../../src/lib/server/rest/dataset/generate';

/** The generated data set: the interview's todo, jsonplaceholder's sizes and relations, valid records. */

describe('the REST data set', () => {
  it('pins todo 1 to the record the interview printed', () => {
    expect(JSON.stringify(dataset().todos[0])).toBe('{"userId":1,"id":1,"title":"delectus aut autem","completed":false}');
  });

  it("has jsonplaceholder's sizes and ownership", () => {
    const d = dataset();
    expect(d.todos).toHaveLength(200);
    expect(d.posts).toHaveLength(100);
    expect(d.comments).toHaveLength(500);
    expect(d.users).toHaveLength(10);
    expect(d.todos.filter((t) => 'userId' in t && t.userId === 3).map((t) => t.id)).toEqual(Array.from({ length: 20 }, (_, i) => 41 + i));
    expect(d.comments.filter((c) => 'postId' in c && c.postId === 7).map((c) => c.id)).toEqual([31, 32, 33, 34, 35]);
  });

  it('holds only records its own validator accepts, with ids 1..n in order', () => {
    for (const name of RESOURCE_NAMES) {
      dataset()[name].forEach((item, i) => {
        expect(item.id).toBe(i + 1);
        const { id, ...rest } = item as unknown as Record<string, unknown>;
        const checked = validateRecord(RESOURCES[name], rest, { id: id as number });
        expect(checked, `${name}/${item.id}`).toEqual({ ok: true, value: item });
      });
    }
  });

  it('is frozen, so no request can change the shared copy', () => {
    expect(Object.isFrozen(dataset().todos[0])).toBe(true);
    expect(() => {
      (dataset().todos[0] as { title: string }).title = 'x';
    }).toThrow();
  });
});
