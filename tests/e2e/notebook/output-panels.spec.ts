import { expect, test } from '../support/fixtures';
import { cell, openEditor, openLesson, output, replaceCode, runCell } from '../support/notebook';

/**
 * What a cell's output shows besides its console: the network panel (HTTP
 * requests, socket frames, GraphQL operation names) and tables that wrap
 * long text instead of running off screen.
 */

test('the network panel lists requests and socket frames', async ({ page, freshUser }) => {
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  expect(await runCell(page, 'health')).toBe('done');
  const panel = cell(page, 'health').locator('.nb-network');
  await expect(panel.locator('summary').first()).toHaveText('Network · 1 request');
  await panel.locator('summary').first().click();
  const item = panel.locator('.nb-net-item').first();
  await expect(item.locator('summary')).toContainText('GET /api/health 200');
  // Server-Timing crossed into the sandbox (exposed by CORS) and is drawn as a bar.
  const bar = item.locator('summary .nb-timing');
  await expect(bar).toHaveAttribute('aria-label', /^server \d+(\.\d)? ms, auth \d+(\.\d)? ms/);
  expect(await bar.locator('.nb-timing-auth').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(0);
  await item.locator('summary').click();
  await expect(item).toContainText('authorization: Bearer ill_');
  await expect(item).toContainText('"status"');
  await expect(item).toContainText(/server-timing: auth;dur=[\d.]+.*total;dur=/);
  await expect(item.locator('.nb-net-section', { hasText: 'Server timing' })).toContainText(/total \d+(\.\d)? ms, auth/);

  expect(await runCell(page, 'echo')).toBe('done');
  const ws = cell(page, 'echo').locator('.nb-network');
  await expect(ws.locator('summary').first()).toHaveText('Network · 1 WebSocket');
  await ws.locator('summary').first().click();
  await expect(ws.locator('.nb-net-item summary')).toContainText('WS /ws/echo closed 1000 (done)');
  await ws.locator('.nb-net-item summary').click();
  await expect(ws.locator('.nb-frame-out')).toContainText('hello, socket');
  await expect(ws.locator('.nb-frame-in')).toContainText('hello, socket');
});

test('the network panel names GraphQL operations', async ({ page, freshUser }) => {
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  await openEditor(page, 'hello');
  await replaceCode(
    page,
    'hello',
    "const res = await fetch('/api/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Greet($n: String) { hello(name: $n) }', variables: { n: 'cells' } }) });\nconsole.log(JSON.stringify(await res.json()));",
  );
  expect(await runCell(page, 'hello')).toBe('done');
  await expect(output(page, 'hello')).toContainText('Hello cells');
  const panel = cell(page, 'hello').locator('.nb-network');
  await panel.locator('summary').first().click();
  await expect(panel.locator('.nb-net-item summary')).toContainText('POST /api/graphql 200');
  await expect(panel.locator('.nb-net-item summary')).toContainText('GraphQL query Greet');
});

test('a table with a long text column wraps it inside the output instead of running off screen', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await page.setViewportSize({ width: 1280, height: 900 });
  await openLesson(page, 'notebook-tour');
  await openEditor(page, 'echo');
  await replaceCode(page, 'echo', "display([{ case: 'tampered', answer: 'the HMAC does not match '.repeat(20) }, { case: 'ok', answer: 'fine' }]);");
  expect(await runCell(page, 'echo')).toBe('done');
  const sizes = await output(page, 'echo')
    .locator('.nb-table-wrap')
    .evaluate((wrap) => ({ table: wrap.querySelector('table')!.scrollWidth, wrap: wrap.clientWidth }));
  expect(sizes.table).toBeLessThanOrEqual(sizes.wrap);
});
