import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { callAs, jsonBody, type CallOptions } from '../../helpers/auth-http';
import { startPortal, type PortalProcess } from '../../helpers/portal';

/**
 * Practice on a real portal: progress (`GET /api/me/progress`), the server
 * verification the checks call, and recording attempts, where the server's
 * own verification has the last word. A learner never reads or changes
 * another learner's state, and bad input records nothing.
 */

let portal: PortalProcess;
let alice: TestAccount;
let bob: TestAccount;
const A1 = 'a1-integration-protocols';
const TOUR = 'notebook-tour';

beforeAll(async () => {
  portal = await startPortal();
  alice = await createAccount(portal.dataDir);
  bob = await createAccount(portal.dataDir);
});
afterAll(async () => {
  await portal?.stop();
});

const call = (path: string, init: CallOptions = {}): Promise<Response> => callAs(portal.url, path, init);

async function lessonToken(who: TestAccount, lesson: string): Promise<string> {
  const res = await call('/api/notebook/token', { method: 'POST', cookie: who.cookie, ...jsonBody({ lesson }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

interface Progress {
  lessons: Array<{
    slug: string;
    exercises: Array<{ id: string; title: string; passed: boolean; attempts: number; usedSolution: boolean; passedAt: string | null }>;
  }>;
}
async function progress(who: TestAccount): Promise<Progress> {
  const res = await call('/api/me/progress', { cookie: who.cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Progress;
}
const exerciseIn = (p: Progress, lesson: string, id: string) => p.lessons.find((l) => l.slug === lesson)!.exercises.find((x) => x.id === id)!;

const attempt = (who: { cookie?: string; token?: string }, body: unknown) =>
  call('/api/practice/attempts', { method: 'POST', ...who, ...jsonBody(body) });
const verify = (who: { cookie?: string; token?: string }, lesson: string, id: string) => call(`/api/practice/verify/${lesson}/${id}`, who);

describe('GET /api/me/progress', () => {
  it('lists every exercise of every published lesson, untouched ones as zeros', async () => {
    const p = await progress(alice);
    expect(p.lessons.map((l) => l.slug)).toEqual(
      expect.arrayContaining([TOUR, A1, 'a2-million-notifications', 'a3-hashing-and-encryption', 'b1-secure-login']),
    );
    for (const l of p.lessons) expect(l.exercises.length, `${l.slug} has an exercise`).toBeGreaterThan(0);
    expect(exerciseIn(p, A1, 'a1-complete-todo')).toEqual({
      id: 'a1-complete-todo',
      title: 'Mark todo 7 as completed',
      passed: false,
      attempts: 0,
      usedSolution: false,
      passedAt: null,
    });
  });

  it('answers 401 without credentials and 403 for a token without account:read, 200 with it', async () => {
    expect((await call('/api/me/progress')).status).toBe(401);
    const lesson = await lessonToken(alice, TOUR);
    const refused = await call('/api/me/progress', { token: lesson });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    const ok = await call('/api/me/progress', { token: alice.token });
    expect(ok.status).toBe(200);
  });
});

describe('server verification', () => {
  it('reads the caller’s own state with the lesson token: todo 7 open, then completed', async () => {
    const token = await lessonToken(alice, A1);
    const before = await verify({ token }, A1, 'a1-complete-todo');
    expect(before.status).toBe(200);
    expect(before.headers.get('access-control-allow-origin')).toBe('*');
    expect(await before.json()).toMatchObject({ ok: false, facts: { exists: true, completed: false } });

    const patched = await call('/api/rest/todos/7', { method: 'PATCH', token, ...jsonBody({ completed: true }) });
    expect(patched.status).toBe(200);
    expect(await (await verify({ token }, A1, 'a1-complete-todo')).json()).toMatchObject({ ok: true, facts: { completed: true } });

    // Bob's copy is his own: Alice's write is not his state.
    const bobToken = await lessonToken(bob, A1);
    expect(await (await verify({ token: bobToken }, A1, 'a1-complete-todo')).json()).toMatchObject({ ok: false });
  });

  it('refuses anonymous callers, personal tokens and another lesson’s token', async () => {
    expect((await verify({}, A1, 'a1-complete-todo')).status).toBe(401);
    const personal = await verify({ token: alice.token }, A1, 'a1-complete-todo');
    expect(personal.status).toBe(403);
    expect(((await personal.json()) as { error: { code: string } }).error.code).toBe('lesson_token_required');
    const other = await verify({ token: await lessonToken(alice, TOUR) }, A1, 'a1-complete-todo');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('wrong_lesson');
  });

  it('answers 404 for an unknown exercise and 400 for one checked in the notebook only', async () => {
    const token = await lessonToken(alice, A1);
    expect((await verify({ token }, A1, 'no-such-exercise')).status).toBe(404);
    expect((await verify({ token }, A1, 'BAD..id')).status).toBe(404);
    const tour = await verify({ cookie: alice.cookie }, TOUR, 'tour-todo-title');
    expect(tour.status).toBe(400);
    expect(((await tour.json()) as { error: { code: string } }).error.code).toBe('no_verification');
  });

  it('is read-only: only GET', async () => {
    const res = await call(`/api/practice/verify/${A1}/a1-complete-todo`, { method: 'POST', cookie: alice.cookie, ...jsonBody({}) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('recording attempts', () => {
  it('does not believe a forged pass where the server verifies: the server’s verdict is recorded', async () => {
    const res = await attempt({ cookie: bob.cookie }, { lesson: A1, exercise: 'a1-complete-todo', passed: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { passed: boolean; attempts: number; verification: { ok: boolean; message: string } };
    expect(body).toMatchObject({ passed: false, attempts: 1, verification: { ok: false } });
    expect(body.verification.message).toContain('still open');
    expect(exerciseIn(await progress(bob), A1, 'a1-complete-todo')).toMatchObject({ passed: false, attempts: 1, passedAt: null });
  });

  it('records a pass once the state is really there, and keeps the first pass time', async () => {
    const first = (await (await attempt({ cookie: alice.cookie }, { lesson: A1, exercise: 'a1-complete-todo', passed: true })).json()) as {
      passed: boolean;
      passedAt: string;
    };
    expect(first.passed).toBe(true);
    // A later failed Check does not take the pass away.
    const later = (await (await attempt({ cookie: alice.cookie }, { lesson: A1, exercise: 'a1-complete-todo', passed: false })).json()) as {
      passed: boolean;
      passedAt: string;
      attempts: number;
    };
    expect(later).toMatchObject({ passed: false, passedAt: first.passedAt, attempts: 2 });
    expect(exerciseIn(await progress(alice), A1, 'a1-complete-todo')).toMatchObject({ passed: true, attempts: 2, passedAt: first.passedAt });
    // Bob's record is untouched by Alice's.
    expect(exerciseIn(await progress(bob), A1, 'a1-complete-todo')).toMatchObject({ passed: false, attempts: 1 });
  });

  it('records the notebook’s verdict for an exercise without a server verification', async () => {
    const res = await attempt({ cookie: bob.cookie }, { lesson: TOUR, exercise: 'tour-todo-title', passed: true });
    expect(((await res.json()) as { passed: boolean }).passed).toBe(true);
    expect(exerciseIn(await progress(bob), TOUR, 'tour-todo-title')).toMatchObject({ passed: true, attempts: 1 });
  });

  it('answers bad input with a 4xx and records nothing', async () => {
    const before = JSON.stringify(await progress(bob));
    const cases: Array<[unknown, number]> = [
      [{ lesson: A1, exercise: 'no-such-exercise', passed: true }, 404],
      [{ lesson: 'no-such-lesson', exercise: 'a1-complete-todo', passed: true }, 404],
      [{ lesson: A1, exercise: 'a1-complete-todo', passed: 'yes' }, 400],
      [{ lesson: A1, exercise: 'a1-complete-todo' }, 400],
      [{ lesson: A1, exercise: 'a1-complete-todo', passed: true, attempts: 99 }, 400],
      [[1, 2], 400],
      [{ lesson: A1, exercise: 'x'.repeat(5000), passed: true }, 413],
    ];
    for (const [body, status] of cases) {
      const res = await attempt({ cookie: bob.cookie }, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
    }
    const notJson = await call('/api/practice/attempts', {
      method: 'POST',
      cookie: bob.cookie,
      headers: { 'content-type': 'text/plain' },
      body: 'passed',
    });
    expect(notJson.status).toBe(415);
    expect(JSON.stringify(await progress(bob))).toBe(before);
  });

  it('cannot be written by the kernel’s lesson token, nor anonymously, nor cross-site', async () => {
    const token = await lessonToken(bob, TOUR);
    expect((await attempt({ token }, { lesson: TOUR, exercise: 'tour-todo-title', passed: true })).status).toBe(403);
    expect((await attempt({}, { lesson: TOUR, exercise: 'tour-todo-title', passed: true })).status).toBe(401);
    const crossSite = await call('/api/practice/attempts', {
      method: 'POST',
      cookie: bob.cookie,
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ lesson: TOUR, exercise: 'tour-todo-title', passed: true }),
    });
    expect(crossSite.status).toBe(403);
    expect(exerciseIn(await progress(bob), TOUR, 'tour-todo-title').attempts).toBe(1);
  });
});

describe('solutions', () => {
  it('are not in the lesson page; asking for one returns it and records "solution used" for the caller only', async () => {
    const page = await (await call(`/lessons/${TOUR}`, { cookie: alice.cookie })).text();
    expect(page).toContain('data-exercise="tour-todo-title"');
    expect(page).not.toContain("fetch('/api/rest/todos/3')");
    const res = await call('/api/practice/solution', {
      method: 'POST',
      cookie: alice.cookie,
      ...jsonBody({ lesson: TOUR, exercise: 'tour-todo-title' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { solution: string }).solution).toContain("fetch('/api/rest/todos/3')");
    expect(exerciseIn(await progress(alice), TOUR, 'tour-todo-title')).toMatchObject({ usedSolution: true, attempts: 0, passed: false });
    expect(exerciseIn(await progress(bob), TOUR, 'tour-todo-title').usedSolution).toBe(false);
    expect(
      (await call('/api/practice/solution', { method: 'POST', cookie: alice.cookie, ...jsonBody({ lesson: TOUR, exercise: 'nope' }) })).status,
    ).toBe(404);
    expect(
      (
        await call('/api/practice/solution', {
          method: 'POST',
          token: await lessonToken(alice, TOUR),
          ...jsonBody({ lesson: TOUR, exercise: 'tour-todo-title' }),
        })
      ).status,
    ).toBe(403);
  });
});

describe('account progress page', () => {
  it('shows the reader their own exercises, and only to their browser session', async () => {
    const res = await call('/account/progress', { cookie: bob.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/\d+ of \d+ exercises passed/);
    expect(html).toContain('data-progress-row="a1-complete-todo"');
    expect(html).not.toContain(alice.email);
    const anonymous = await call('/account/progress');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login');
    expect((await call('/account/progress', { token: bob.token })).status).not.toBe(200);
  });
});

describe('class view', () => {
  it('gives administrators per-exercise numbers and per-learner rows, as JSON, CSV and a page', async () => {
    const admin = await createAccount(portal.dataDir, { admin: true });
    const res = await call('/api/practice/class', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { exercises: Array<Record<string, unknown>>; learners: Array<Record<string, unknown>> };
    expect(view.exercises.find((x) => x.id === 'a1-complete-todo')).toEqual({
      lesson: A1,
      id: 'a1-complete-todo',
      title: 'Mark todo 7 as completed',
      learners: 2,
      passed: 1,
      passRate: 0.5,
      medianAttempts: 1.5,
      usedSolution: 0,
    });
    expect(view.exercises.find((x) => x.id === 'tour-todo-title')).toMatchObject({
      learners: 1,
      passed: 1,
      passRate: 1,
      medianAttempts: 1,
      usedSolution: 1,
    });
    expect(
      view.learners
        .filter((l) => l.email === alice.email)
        .map((l) => l.exercise)
        .sort(),
    ).toEqual(['a1-complete-todo', 'tour-todo-title']);

    const csv = await call('/api/practice/class/learners.csv', { cookie: admin.cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('email,lesson,exercise,attempts,passed,used_solution,passed_at');
    expect(lines).toContain(`${bob.email},${A1},a1-complete-todo,1,false,false,`);

    const page = await call('/dashboard/practice', { cookie: admin.cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(bob.email);
  });

  it('is closed to learners (even about themselves), to tokens and to anonymous callers', async () => {
    for (const path of ['/api/practice/class', '/api/practice/class/learners.csv']) {
      expect((await call(path, { cookie: alice.cookie })).status).toBe(403);
      expect((await call(path, { token: alice.token })).status).toBe(403);
      expect((await call(path)).status).toBe(401);
    }
    const page = await call('/dashboard/practice', { cookie: alice.cookie });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).not.toContain(bob.email);
    expect(html).toContain('administrators only');
  });
});
