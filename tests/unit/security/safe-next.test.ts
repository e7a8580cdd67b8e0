import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../../src/lib/server/http/access-policy';
import { offsiteNexts } from './open-redirect-corpus';

/** The `next` target after login never leaves the portal, whatever the spelling. */

const ORIGIN = 'https://portal.example';

describe('safeNextPath', () => {
  it.each(offsiteNexts.map((n) => [n]))('keeps %j on our origin', (next) => {
    const out = safeNextPath(next);
    expect(out.startsWith('/')).toBe(true);
    expect(out.startsWith('//')).toBe(false);
    expect(out.startsWith('/\\')).toBe(false);
    // What the browser does with the Location header we send.
    expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
  });

  it('re-serialises instead of passing the raw input through', () => {
    expect(safeNextPath('/.//evil.example')).toBe('/evil.example');
    expect(safeNextPath('/lessons/./a1/../a2?x=1#t')).toBe('/lessons/a2?x=1#t');
    expect(safeNextPath('/lessons')).toBe('/lessons');
  });
});
