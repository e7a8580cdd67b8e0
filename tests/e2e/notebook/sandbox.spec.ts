import { expect, test } from '../support/fixtures';
import { cell, openEditor, openLesson, output, replaceCode, runCell } from '../support/notebook';

/**
 * The sandbox holds against code that tries: a cell cannot read the page's
 * cookies, the parent page, the portal's localStorage, or reach /account.
 * The page plants secrets where a careless design would leak them.
 */

const ATTACK = `
const results: string[] = [];
async function attempt(name: string, f: () => unknown): Promise<void> {
  try {
    results.push(name + ': GOT ' + String(await f()));
  } catch (err) {
    results.push(name + ': blocked (' + (err as Error).name + ')');
  }
}
const g = globalThis as any;
await attempt('cookie', () => g.document.cookie);
await attempt('parent page', () => g.parent.document.body.innerHTML);
await attempt('top window', () => g.top.location.href);
await attempt('localStorage', () => g.localStorage.getItem('nb-probe'));
await attempt('indexedDB', () => new Promise((resolve, reject) => {
  const r = indexedDB.open('probe');
  r.onsuccess = () => resolve('opened');
  r.onerror = () => reject(r.error);
}));
await attempt('account page', async () => (await fetch('/account')).status);
await attempt('account tokens page', async () => (await fetch('/account/tokens', { credentials: 'include' })).status);
await attempt('account page, no token', async () => (await fetch(portal.origin + '/account', { headers: { authorization: 'none' }, credentials: 'include' })).status);
await attempt('api me', async () => (await fetch('/api/me')).status);
await attempt('api me sessions', async () => (await fetch('/api/me/sessions')).status);
await attempt('saved edits api', async () => (await fetch('/api/notebook/edits/notebook-tour')).status);
console.log(results.join('\\n'));
`;

test('a cell cannot read cookies, the page, the portal storage or the account', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  await openLesson(page, 'notebook-tour');
  // Secrets a leaky design would hand to the cell.
  await page.evaluate(() => {
    document.cookie = 'nb_probe=cookie-secret-7f3a; path=/';
    localStorage.setItem('nb-probe', 'storage-secret-91c2');
    document.body.dataset.secret = 'page-secret-55d0';
  });
  await openEditor(page, 'hello');
  await replaceCode(page, 'hello', ATTACK);
  expect(await runCell(page, 'hello')).toBe('done');
  const out = output(page, 'hello');
  for (const line of [
    'cookie: blocked',
    'parent page: blocked',
    'top window: blocked',
    'localStorage: blocked',
    'indexedDB: blocked',
    'account page: blocked (TypeError)',
    'account tokens page: blocked (TypeError)',
    'account page, no token: blocked (TypeError)',
    'api me: GOT 403',
    'api me sessions: GOT 403',
    'saved edits api: GOT 403',
  ]) {
    await expect(out).toContainText(line);
  }
  const text = (await out.textContent()) ?? '';
  for (const secret of ['cookie-secret-7f3a', 'storage-secret-91c2', 'page-secret-55d0', freshUser.email]) expect(text).not.toContain(secret);

  // One layer out: the kernel's frame itself is an opaque origin without the page's cookie or storage.
  const kernelFrame = page.frames().find((f) => f !== page.mainFrame() && f.url() === 'about:srcdoc');
  expect(kernelFrame, 'the kernel iframe is on the page').toBeTruthy();
  const fromFrame = await kernelFrame!.evaluate(() => {
    const tryIt = (f: () => unknown) => {
      try {
        return `GOT ${String(f())}`;
      } catch (err) {
        return `blocked (${(err as Error).name})`;
      }
    };
    return {
      origin: self.origin,
      cookie: tryIt(() => document.cookie),
      storage: tryIt(() => localStorage.getItem('nb-probe')),
      parent: tryIt(() => parent.document.body.dataset.secret),
    };
  });
  expect(fromFrame).toEqual({
    origin: 'null',
    cookie: 'blocked (SecurityError)',
    storage: 'blocked (SecurityError)',
    parent: 'blocked (SecurityError)',
  });
  await expect(cell(page, 'hello').locator('.nb-network summary').first()).toContainText('requests');
});
