import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPythonTabs, pythonHas, runPython } from '../../helpers/python-tabs';
import { startApiPortal, type ApiPortal } from './support';

/**
 * The Python tabs of the integration-protocols lesson, run with Debian's
 * python3 (python3-requests, python3-websocket) against the built portal,
 * as a reader would run them with IL_URL and IL_TOKEN set; each tab's output
 * is checked against what the lesson says it prints.
 */

const LESSON = path.resolve(import.meta.dirname, '../../../src/content/lessons/a1-integration-protocols.md');

const EXPECTED: Record<string, RegExp[]> = {
  'rest-todo': [/^\{'userId': 1, 'id': 1, 'title': 'delectus aut autem', 'completed': False\}$/m, /^status 200 application\/json/m],
  'rest-filter': [
    /^X-Total-Count: \d+$/m,
    /^next page: http:\/\/127\.0\.0\.1:\d+\/api\/rest\/todos\?.*_page=2/m,
    /^conditional GET of todo 1: 304$/m,
  ],
  'rest-write': [
    /^POST 201 Location: \/api\/rest\/todos\/\d{3,} \{'userId': 1/m,
    /^PATCH 200 .*'completed': True/m,
    /^POST with bad data: 422 \{'userId': 'there is no user with id 99', 'title': 'must not be empty'\}$/m,
    /^DELETE 204$/m,
    /^GET after DELETE: 404$/m,
  ],
  'ws-market': [
    /^initial book: \d+ bid levels, \d+ ask levels$/m,
    ...[1, 2, 3, 4, 5].map((n) => new RegExp(`^socket_sequence ${n} eventId \\d+ \\[`, 'm')),
  ],
  'ws-echo': [/^text echo: Hello, server!$/m, /^binary echo: 0,1,2,253,254,255$/m],
  'gql-hello': [/^\{'data': \{'hello': 'Hello World'\}\}$/m, /^\{'data': \{'hello': 'Hello Nairobi'\}\}$/m],
  'gql-compare': [/^REST: 5 requests, \d+ bytes$/m, /^GraphQL: 1 request, \d+ bytes$/m],
  'gql-subscription': [/^todo change: \{'kind': 'CREATED', 'id': \d+, 'todo': \{'title': 'watched live'\}\}$/m],
  'gql-test': [/^5 passed, 0 failed$/m],
};

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  await p.portal.stop();
});

describe('the Python tabs of the integration-protocols lesson', () => {
  const tabs = listPythonTabs(LESSON);

  it('has an expectation for every tab, and Debian has the modules they need', () => {
    expect(tabs.map((t) => t.cellId).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(pythonHas(['requests', 'websocket'])).toBe(true);
  });

  for (const tab of tabs) {
    it(`${tab.cellId} (line ${tab.line}) prints what the lesson promises`, async () => {
      const run = await runPython(tab.code, { IL_URL: p.portal.url, IL_TOKEN: p.account.token });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const pattern of EXPECTED[tab.cellId] ?? []) expect(run.stdout).toMatch(pattern);
    });
  }
});
