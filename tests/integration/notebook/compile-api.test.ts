import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCell, MAX_CELL_SOURCE } from '../../../src/lib/shared/notebook/compile-cell';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';

/**
 * POST /api/notebook/compile on a real portal: native esbuild gives the page
 * the very cell its esbuild-wasm worker would, compile errors come back as
 * data, and everything else (no login, a lesson token, another site, bad or
 * oversized bodies, a loop of calls) gets the right 4xx.
 */

let portal: PortalProcess;
let reader: TestAccount;

beforeAll(async () => {
  portal = await startPortal();
  reader = await createAccount(portal.dataDir);
});
afterAll(async () => {
  await portal?.stop();
});

function compile(body: unknown, init: { cookie?: string; token?: string; origin?: string; type?: string; raw?: string } = {}): Promise<Response> {
  const headers = new Headers({ 'content-type': init.type ?? 'application/json', origin: init.origin ?? portal.url });
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(new URL('/api/notebook/compile', portal.url), { method: 'POST', headers, body: init.raw ?? JSON.stringify(body), redirect: 'manual' });
}

const SOURCE = "const n: number = 2;\nconst r = await portal.get('/api/health');\nconsole.log(n * 21, r.status);";

describe('the compile endpoint', () => {
  it('compiles an edit exactly as the in-browser compiler would', async () => {
    const res = await compile({ source: SOURCE, cellId: 'health' }, { cookie: reader.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; cell: { code: string } };
    expect(body.ok).toBe(true);
    expect(body.cell.code).not.toContain(': number');
    expect(body).toEqual(await compileCell(SOURCE, { transform: transform, cellId: 'health' }));
  });

  it('returns compile errors with their line and column, not a failure', async () => {
    const res = await compile({ source: 'const ok = 1;\nconst = 2;', cellId: 'hello' }, { cookie: reader.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; errors: Array<{ message: string; line: number; column: number }> };
    expect(body.ok).toBe(false);
    expect(body.errors[0]).toMatchObject({ line: 2 });
  });

  it('refuses anonymous callers, lesson tokens and cross-site requests', async () => {
    expect((await compile({ source: SOURCE, cellId: 'health' })).status).toBe(401);
    const minted = await fetch(new URL('/api/notebook/token', portal.url), {
      method: 'POST',
      headers: { cookie: reader.cookie, origin: portal.url, 'content-type': 'application/json' },
      body: JSON.stringify({ lesson: 'notebook-tour' }),
    });
    const { token } = (await minted.json()) as { token: string };
    // The sandboxed kernel's token runs code; compiling is the page's job, with its session.
    expect((await compile({ source: SOURCE, cellId: 'health' }, { token })).status).toBe(403);
    expect((await compile({ source: SOURCE, cellId: 'health' }, { cookie: reader.cookie, origin: 'https://evil.example' })).status).toBe(403);
  });

  it('answers bad and oversized bodies with 4xx and a reason', async () => {
    const cases: Array<[Parameters<typeof compile>[1] & { body?: unknown }, number, string]> = [
      [{ body: { source: 42, cellId: 'health' } }, 400, 'invalid_compile'],
      [{ body: { source: SOURCE, cellId: '../etc/passwd' } }, 400, 'invalid_compile'],
      [{ body: { source: SOURCE } }, 400, 'invalid_compile'],
      [{ body: { source: 'x'.repeat(MAX_CELL_SOURCE + 1), cellId: 'health' } }, 400, 'invalid_compile'],
      [{ body: [SOURCE] }, 400, 'invalid_body'],
      [{ raw: '{"source":' }, 400, 'invalid_json'],
      [{ type: 'text/plain', raw: SOURCE }, 415, 'unsupported_media_type'],
      [{ body: { source: '/*'.repeat(210_000), cellId: 'health' } }, 413, 'body_too_large'],
    ];
    for (const [c, status, code] of cases) {
      const res = await compile(c.body, { ...c, cookie: reader.cookie });
      expect(res.status, code).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('limits how often one reader compiles', async () => {
    const busy = await createAccount(portal.dataDir);
    const statuses: number[] = [];
    for (let i = 0; i < 65; i++) statuses.push((await compile({ source: `console.log(${i});`, cellId: 'hello' }, { cookie: busy.cookie })).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429, 429, 429, 429]);
    // Another reader is not affected.
    expect((await compile({ source: SOURCE, cellId: 'health' }, { cookie: reader.cookie })).status).toBe(200);
  });
});
