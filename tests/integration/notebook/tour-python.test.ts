import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { listPythonTabs, pythonHas, runPython } from '../../helpers/python-tabs';

/**
 * The notebook tour's Python tabs run with Debian's python3 (requests,
 * websocket-client) against a live portal, as a reader would run them with
 * IL_URL and IL_TOKEN set, and print what their TypeScript cells print.
 */

const LESSON = path.resolve(import.meta.dirname, '../../../src/content/lessons/notebook-tour.md');
const PRINTS: Record<string, RegExp> = {
  health: /^200 (ok|degraded)$/m,
  echo: /^echo: hello, socket$/m,
};
let portal: PortalProcess;
let token: string;

beforeAll(async () => {
  portal = await startPortal();
  token = (await createAccount(portal.dataDir, { scopes: ['realtime'] })).token;
});
afterAll(async () => {
  await portal?.stop();
});

describe('the notebook tour in Python', () => {
  it('has a Python tab for the cells that call the portal, and Debian has what they import', () => {
    expect(listPythonTabs(LESSON).map((t) => t.cellId)).toEqual(Object.keys(PRINTS));
    expect(pythonHas(['requests', 'websocket'])).toBe(true);
  });

  for (const [cellId, prints] of Object.entries(PRINTS)) {
    it(`tab "${cellId}" runs and prints what its cell prints`, async () => {
      const tab = listPythonTabs(LESSON).find((t) => t.cellId === cellId)!;
      const r = await runPython(tab.code, { IL_URL: portal.url, IL_TOKEN: token });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(prints);
    });
  }
});
