import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../../helpers/auth-http';
import { startOwnPostgres, type OwnPostgres } from '../../helpers/own-postgres';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { until } from '../../helpers/wait';

/**
 * A portal on a Postgres server of the test's own, which the test stops and
 * starts again: while it is down, `/api/health` says `db: down` with the
 * reason, pages that need no database still load, and every request that
 * needs it gets a clean 503 (JSON on APIs, a page elsewhere), never a 500;
 * the web process stays up and serves normally again once Postgres is back.
 * A malformed DATABASE_URL stops the start with one line naming it.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface Health {
  status: string;
  db: string;
  reasons: { db?: string };
}

let own: OwnPostgres;
let portal: PortalProcess;

async function health(): Promise<Health> {
  const res = await fetch(`${portal.url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
}

/** A session token and a personal token of the right form that no database row matches: checking them needs the database. */
const UNKNOWN = `${'a'.repeat(24)}.${'b'.repeat(24)}`;

/** Requests that need the database, each answered by a different layer: the page guard, the API fast path, a form. */
const dataRequests = {
  page: () => fetch(`${portal.url}/account`, { headers: { cookie: `session=${UNKNOWN}` }, redirect: 'manual' }),
  api: () => fetch(`${portal.url}/api/rest/todos/1`, { headers: { authorization: `Bearer ilp_${UNKNOWN}` } }),
  form: () => postForm(portal.url, '/login', { email: 'nobody@example.test', password: 'not the password at all' }),
};

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/at \S+ \(|node_modules|\.mjs:\d+/);
}

beforeAll(async () => {
  own = await startOwnPostgres('outage');
  const admin = new pg.Client({ connectionString: own.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE portal');
  await admin.end();
  const databaseUrl = own.adminUrl.replace(/\/postgres$/, '/portal');
  portal = await startPortal({ env: { DATABASE_URL: databaseUrl, DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '2000' } });
  await until(async () => (await health()).db === 'ok', 30_000, 'the portal to migrate its Postgres database');
});
afterAll(async () => {
  await portal?.stop();
  await own?.dispose();
});

describe('a web process on Postgres when Postgres goes away', () => {
  it('answers data requests normally while Postgres is up', async () => {
    expect(await health()).toMatchObject({ db: 'ok', reasons: {} });
    expect((await dataRequests.page()).status).toBe(303); // unknown session: off to /login
    expect((await dataRequests.api()).status).toBe(401);
    expect((await dataRequests.form()).status).toBe(400); // wrong email or password
  });

  it('says db: down with the reason, answers 503 where the database is needed, and keeps running', async () => {
    await own.stop();
    const down = await until(async () => {
      const h = await health();
      return h.db === 'down' ? h : undefined;
    });
    expect(down.status).toBe('degraded');
    expect(down.reasons.db).toMatch(/ECONNREFUSED|connect|terminat|shut/i);
    expect(down.reasons.db).not.toContain('postgres://'); // no URL, so no password, in the answer

    // The landing page needs no database.
    expect((await fetch(portal.url)).status).toBe(200);

    // A session or a token cannot be checked: the guards refuse with 503, whichever layer asked.
    const page = await dataRequests.page();
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    expectNoStackTrace(await page.text());

    const apiAnswer = await dataRequests.api();
    expect(apiAnswer.status).toBe(503);
    const body = (await apiAnswer.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/try again/);
    expectNoStackTrace(body.error.message);

    // A form a route handles itself: the outage middleware's 503, with Retry-After.
    const form = await dataRequests.form();
    expect(form.status).toBe(503);
    expect(form.headers.get('retry-after')).toBe('5');
    const formPage = await form.text();
    expect(formPage).toContain('The database is not answering right now');
    expectNoStackTrace(formPage);

    expect(portal.child.exitCode).toBeNull();
    expect(portal.child.signalCode).toBeNull();
  });

  it('recovers on its own when Postgres is back', async () => {
    await own.start();
    await until(async () => (await health()).db === 'ok', 30_000, 'db: ok after Postgres restarted');
    // The pool may still hold connections from before the restart: each is dropped on first use, never served as a 500.
    await until(async () => (await dataRequests.api()).status === 401, 10_000, 'the API to validate tokens again');
    expect((await dataRequests.page()).status).toBe(303);
    expect((await dataRequests.api()).status).toBe(401);
    expect((await dataRequests.form()).status).toBe(400);
    expect(portal.child.exitCode).toBeNull();
    expect(portal.output()).not.toMatch(/"level":"fatal"|uncaught/i);
  });
});

describe('a malformed DATABASE_URL', () => {
  for (const [what, entry] of [
    ['`npm start`', 'scripts/start.mjs'],
    ['the web process', 'dist/node/web.mjs'],
  ] as const) {
    it(`stops ${what} with one line naming the variable, never its value`, () => {
      const r = spawnSync(process.execPath, [entry], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: 'mysql://admin:hunter2@db/portal', PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/DATABASE_URL.*must start with postgres:\/\//);
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    });
  }
});
