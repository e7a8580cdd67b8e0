import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { callAs, jsonBody, type CallOptions } from '../../helpers/auth-http';
import { startPortal, type PortalProcess } from '../../helpers/portal';

/**
 * The notebook's endpoints on a real portal: lesson tokens (who may mint
 * them, what they open and what they never open), saved edits and lesson
 * progress, with every bad input answered by the right 4xx.
 */

let portal: PortalProcess;
let reader: TestAccount;
const LESSON = 'notebook-tour';
const CELL = 'hello';
const HASH = /^[0-9a-f]{16}$/;

beforeAll(async () => {
  portal = await startPortal();
  reader = await createAccount(portal.dataDir);
});
afterAll(async () => {
  await portal?.stop();
});

const call = (path: string, init: CallOptions = {}): Promise<Response> => callAs(portal.url, path, init);

async function mint(cookie = reader.cookie): Promise<{ token: string; expiresAt: number; scopes: string[] }> {
  const res = await call('/api/notebook/token', { method: 'POST', cookie, ...jsonBody({ lesson: LESSON }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; expiresAt: number; scopes: string[] };
}

async function originalHash(): Promise<string> {
  const html = await (await call(`/lessons/${LESSON}`, { cookie: reader.cookie })).text();
  return /data-cell="hello" data-hash="([0-9a-f]{16})"/.exec(html)![1]!;
}

describe('lesson tokens', () => {
  it('are minted for a browser session: short-lived, lesson-named, learning APIs only', async () => {
    const t = await mint();
    expect(t.token).toMatch(/^ill_[a-z2-7]{24}\.[a-z2-7]{24}$/);
    const minutes = (t.expiresAt - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(t.scopes.sort()).toEqual(['crypto', 'graphql', 'notifications', 'queue', 'realtime', 'rest']);
  });

  it('open the learning APIs cross-origin (CORS *, no cookie) and the echo socket', async () => {
    const { token } = await mint();
    const pre = await call('/api/health', {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const health = await call('/api/health', { token, headers: { origin: 'null' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBe('*');

    const ws = new WebSocket(`${portal.url.replace('http', 'ws')}/ws/echo`, ['il.v1', `bearer.${token}`], { origin: 'null' });
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('ping from a lesson token'));
      ws.once('message', (d) => resolve(String(d)));
      ws.once('error', reject);
    });
    expect(echoed).toBe('ping from a lesson token');
    expect(ws.protocol).toBe('il.v1');
    ws.close();
  });

  it('never open the account, saved edits or progress', async () => {
    const { token } = await mint();
    expect((await call('/api/me', { token })).status).toBe(403);
    expect((await call('/account', { token })).status).toBe(401);
    expect((await call('/account/tokens', { token })).status).toBe(401);
    expect((await call(`/api/notebook/edits/${LESSON}`, { token })).status).toBe(403);
    const save = await call(`/api/notebook/edits/${LESSON}/${CELL}`, { method: 'PUT', token, ...jsonBody({ code: 'x', baseHash: '0'.repeat(16) }) });
    expect(save.status).toBe(403);
    // A lesson token cannot mint more tokens.
    const again = await call('/api/notebook/token', { method: 'POST', token, ...jsonBody({ lesson: LESSON }) });
    expect(again.status).toBe(403);
  });

  it('refuses anonymous callers, personal tokens, bad bodies and unknown lessons', async () => {
    expect((await call('/api/notebook/token', { method: 'POST', ...jsonBody({ lesson: LESSON }) })).status).toBe(401);
    expect((await call('/api/notebook/token', { method: 'POST', token: reader.token, ...jsonBody({ lesson: LESSON }) })).status).toBe(403);
    const cases: Array<[RequestInit, number, string]> = [
      [jsonBody({ lesson: 'Not A Slug!' }), 400, 'invalid_lesson'],
      [jsonBody([LESSON]), 400, 'invalid_body'],
      [{ headers: { 'content-type': 'application/json' }, body: '{"lesson":' }, 400, 'invalid_json'],
      [{ headers: { 'content-type': 'text/plain' }, body: LESSON }, 415, 'unsupported_media_type'],
      [jsonBody({ lesson: 'x'.repeat(5000) }), 413, 'body_too_large'],
      [jsonBody({ lesson: 'no-such-lesson' }), 404, 'lesson_not_found'],
      [jsonBody({ lesson: 'a1-integration-protocols-planned-not' }), 404, 'lesson_not_found'],
    ];
    for (const [init, status, code] of cases) {
      const res = await call('/api/notebook/token', { method: 'POST', cookie: reader.cookie, ...init });
      expect(res.status, JSON.stringify(init.body)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('refuses a cross-site request riding on the cookie', async () => {
    const res = await call('/api/notebook/token', {
      method: 'POST',
      cookie: reader.cookie,
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ lesson: LESSON }),
    });
    expect(res.status).toBe(403);
  });

  it('keep at most 20 live per user, revoking the oldest', async () => {
    const other = await createAccount(portal.dataDir);
    const tokens: string[] = [];
    for (let i = 0; i < 21; i++) tokens.push((await mint(other.cookie)).token);
    expect((await call('/api/health', { token: tokens[0] })).status).toBe(401);
    expect((await call('/api/health', { token: tokens[1] })).status).toBe(200);
    expect((await call('/api/health', { token: tokens[20] })).status).toBe(200);
  });
});

describe('saved edits', () => {
  it('are saved, listed, marked in the page, and reset', async () => {
    const hash = await originalHash();
    expect(hash).toMatch(HASH);
    const put = await call(`/api/notebook/edits/${LESSON}/${CELL}`, {
      method: 'PUT',
      cookie: reader.cookie,
      ...jsonBody({ code: "console.log('mine');", baseHash: hash }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ originalChanged: false });
    const list = (await (await call(`/api/notebook/edits/${LESSON}`, { cookie: reader.cookie })).json()) as {
      edits: Array<{ cellId: string; code: string }>;
    };
    expect(list.edits).toEqual([expect.objectContaining({ cellId: CELL, code: "console.log('mine');" })]);
    // The page carries the edit (highlighted) for the script to restore.
    const page = await (await call(`/lessons/${LESSON}`, { cookie: reader.cookie })).text();
    expect(page).toContain('your edited TypeScript code');
    // Another reader does not see it.
    const stranger = await createAccount(portal.dataDir);
    const theirs = (await (await call(`/api/notebook/edits/${LESSON}`, { cookie: stranger.cookie })).json()) as { edits: unknown[] };
    expect(theirs.edits).toEqual([]);

    const del = await call(`/api/notebook/edits/${LESSON}/${CELL}`, { method: 'DELETE', cookie: reader.cookie });
    expect(await del.json()).toEqual({ reset: true });
    const after = (await (await call(`/api/notebook/edits/${LESSON}`, { cookie: reader.cookie })).json()) as { edits: unknown[] };
    expect(after.edits).toEqual([]);
  });

  it('say when the edit was based on an older original', async () => {
    const put = await call(`/api/notebook/edits/${LESSON}/${CELL}`, {
      method: 'PUT',
      cookie: reader.cookie,
      ...jsonBody({ code: 'old base', baseHash: 'a'.repeat(16) }),
    });
    expect(await put.json()).toMatchObject({ originalChanged: true });
  });

  it('work with a personal token that has the progress scope', async () => {
    const hash = await originalHash();
    const put = await call(`/api/notebook/edits/${LESSON}/${CELL}`, {
      method: 'PUT',
      token: reader.token,
      ...jsonBody({ code: 'from a script', baseHash: hash }),
    });
    expect(put.status).toBe(200);
  });

  it('answer bad input with 4xx and change nothing', async () => {
    const hash = await originalHash();
    const url = `/api/notebook/edits/${LESSON}/${CELL}`;
    const cases: Array<[string, RequestInit, number]> = [
      [url, jsonBody({ code: 1, baseHash: hash }), 400],
      [url, jsonBody({ code: 'x', baseHash: 'nothex' }), 400],
      [url, jsonBody({ code: 'x'.repeat(64 * 1024 + 1), baseHash: hash }), 400],
      [url, { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(500 * 1024) }, 413],
      [url, { headers: { 'content-type': 'text/plain' }, body: 'code' }, 415],
      [`/api/notebook/edits/${LESSON}/no-such-cell`, jsonBody({ code: 'x', baseHash: hash }), 404],
      [`/api/notebook/edits/no-such-lesson/${CELL}`, jsonBody({ code: 'x', baseHash: hash }), 404],
    ];
    const before = await (await call(`/api/notebook/edits/${LESSON}`, { cookie: reader.cookie })).text();
    for (const [path, init, status] of cases) {
      const res = await call(path, { method: 'PUT', cookie: reader.cookie, ...init });
      expect(res.status, `${path} ${String(init.body).slice(0, 40)}`).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
    }
    expect(await (await call(`/api/notebook/edits/${LESSON}`, { cookie: reader.cookie })).text()).toBe(before);
    expect((await call(url, { method: 'PUT', ...jsonBody({ code: 'x', baseHash: hash }) })).status).toBe(401);
  });
});

describe('lesson progress', () => {
  it('marks a lesson done with a plain form (303) or JSON, and /lessons shows it', async () => {
    const fresh = await createAccount(portal.dataDir);
    const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'done=1' };
    const res = await call(`/lessons/${LESSON}/progress`, { method: 'POST', cookie: fresh.cookie, ...form });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/lessons/${LESSON}#progress`);
    const list = await (await call('/lessons', { cookie: fresh.cookie })).text();
    expect(list).toContain('✓ done');
    expect(list).toMatch(/1 of \d+ lessons done/);

    const undo = await call(`/lessons/${LESSON}/progress`, {
      method: 'POST',
      cookie: fresh.cookie,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'done=0',
    });
    expect(await undo.json()).toEqual({ lesson: LESSON, done: false });
    expect(await (await call('/lessons', { cookie: fresh.cookie })).text()).toMatch(/0 of \d+ lessons done/);
  });

  it('refuses bad values, unknown lessons and anonymous callers', async () => {
    const form = (body: string) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await call(`/lessons/${LESSON}/progress`, { method: 'POST', cookie: reader.cookie, ...form('done=maybe') })).status).toBe(400);
    expect((await call('/lessons/no-such-lesson/progress', { method: 'POST', cookie: reader.cookie, ...form('done=1') })).status).toBe(404);
    expect((await call(`/lessons/${LESSON}/progress`, { method: 'POST', ...form('done=1') })).status).toBe(401);
  });
});

describe('lesson pages', () => {
  it('list published lessons by section and 404 on unknown or planned ones', async () => {
    const list = await (await call('/lessons', { cookie: reader.cookie })).text();
    expect(list).toContain('Getting started');
    expect(list).toContain(`href="/lessons/${LESSON}"`);
    expect((await call('/lessons/no-such-lesson', { cookie: reader.cookie })).status).toBe(404);
    expect((await call('/lessons', {})).status).toBe(303);
  });

  it('serve the kernel scripts and the esbuild wasm as immutable hashed files', async () => {
    const html = await (await call(`/lessons/${LESSON}`, { cookie: reader.cookie })).text();
    const page = /<script type="module" src="(\/_astro\/_slug_[^"]+\.js)"/.exec(html);
    expect(page).toBeTruthy();
    const script = await (await call(page![1]!)).text();
    const kernel = /\/_astro\/nb-kernel-runtime\.[0-9a-f]{10}\.js/.exec(script)?.[0];
    expect(kernel).toBeTruthy();
    const k = await call(kernel!);
    expect(k.status).toBe(200);
    expect(k.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The compiler client is a lazy chunk the page script names relative to itself.
    const client = /compiler-client\.[\w-]+\.js/.exec(script)![0];
    const compileWorker = /\/_astro\/compile\.worker-[\w-]+\.js/.exec(await (await call(`/_astro/${client}`)).text())?.[0];
    expect(compileWorker).toBeTruthy();
    const wasmUrl = /\/_astro\/esbuild-[\w-]+\.wasm/.exec(await (await call(compileWorker!)).text())?.[0];
    expect(wasmUrl).toBeTruthy();
    const wasm = await call(wasmUrl!, { method: 'HEAD' });
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('allow blob: scripts for the kernel on lesson pages only', async () => {
    const page = await call(`/lessons/${LESSON}`, { cookie: reader.cookie });
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:/);
    const list = await call('/lessons', { cookie: reader.cookie });
    expect(list.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  });
});
