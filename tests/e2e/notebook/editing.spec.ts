import { expect, test } from '../support/fixtures';
import { cell, openEditor, openLesson, output, replaceCode, runCell, settled } from '../support/notebook';

/**
 * Editing a cell: Monaco loads on demand, type errors are underlined, the
 * edit runs (compiled by esbuild-wasm), is saved for the reader, comes back
 * after a reload, and Reset brings the lesson's code back for good.
 */

test('edit with a type error, fix, run, reload to find the edit, reset', async ({ page, freshUser }) => {
  test.setTimeout(90_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  const hello = cell(page, 'hello');

  await openEditor(page, 'hello');
  // `Todo` comes from the REST API's OpenAPI document; its title is a string.
  const fetchTodo = "const todo: Todo = await (await fetch('/api/rest/todos/1')).json();\n";
  await replaceCode(page, 'hello', `${fetchTodo}const title: number = todo.title;\nconsole.log('edited run', title);`);
  // The TypeScript worker underlines the wrong assignment.
  await expect(hello.locator('.squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  await expect(hello.locator('.nb-edited')).toBeVisible();

  await replaceCode(page, 'hello', `${fetchTodo}const title: string = todo.title;\nconsole.log('edited run', title);`);
  await expect(hello.locator('.squiggly-error')).toHaveCount(0, { timeout: 30_000 });

  // A later cell uses names earlier cells declared and top-level await: one
  // deliberate mistake at its end is the only thing underlined.
  const checks = cell(page, 'checks');
  await openEditor(page, 'checks');
  const original = await checks.locator('.nb-compiled').evaluate((el) => (JSON.parse(el.textContent) as { source: string }).source);
  await replaceCode(page, 'checks', `${original}\nawait sleep(1);\nconst mistake: number = 'not a number';`);
  await expect(checks.locator('.squiggly-error')).toHaveCount(1, { timeout: 30_000 });
  await checks.getByRole('button', { name: 'Reset' }).click();
  await expect(checks.locator('.squiggly-error')).toHaveCount(0, { timeout: 30_000 });
  await hello.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  expect(await settled(hello)).toBe('done');
  await expect(output(page, 'hello')).toContainText('edited run delectus aut autem');
  await expect(hello.locator('.nb-save')).toHaveText('Saved for you.');

  await page.reload();
  await expect(hello.locator('.nb-edited')).toBeVisible();
  await expect(hello.locator('.nb-code')).toContainText("console.log('edited run', title);");
  expect(await runCell(page, 'hello')).toBe('done');
  await expect(output(page, 'hello')).toContainText('edited run delectus aut autem');

  await hello.getByRole('button', { name: 'Reset' }).click();
  await expect(hello.locator('.nb-edited')).toBeHidden();
  await expect(hello.locator('.nb-code')).toContainText('Hello from the kernel');
  await page.reload();
  await expect(hello.locator('.nb-edited')).toBeHidden();
  expect(await runCell(page, 'hello')).toBe('done');
  await expect(output(page, 'hello')).toContainText('Hello from the kernel');
});

test('compile errors and runtime errors point at the line of the cell', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  await openEditor(page, 'errors');
  await replaceCode(page, 'errors', 'const ok = 1;\nconst broken = ;');
  expect(await runCell(page, 'errors')).toBe('failed');
  await expect(output(page, 'errors')).toContainText('Compile error line 2, column 16');
  await expect(output(page, 'errors')).toContainText('does not compile');

  await replaceCode(
    page,
    'errors',
    "interface Box { value: number }\nconst box: Box | null = null;\n\nconsole.log('before');\nconsole.log((box as unknown as Box).value);",
  );
  expect(await runCell(page, 'errors')).toBe('failed');
  await expect(output(page, 'errors')).toContainText('before');
  await expect(output(page, 'errors')).toContainText("TypeError: Cannot read properties of null (reading 'value') (line 5)");
  await expect(output(page, 'errors')).toContainText('at line 5');
});

test('restart clears the shared state; Stop ends a waiting cell and a busy loop; the timeout stops a cell', async ({ page, freshUser }) => {
  test.setTimeout(90_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  expect(await runCell(page, 'health')).toBe('done');
  expect(await runCell(page, 'checks')).toBe('done');

  await page.getByRole('button', { name: 'Restart kernel' }).click();
  await expect(page.locator('[data-nb-bar]')).toHaveAttribute('data-state', 'ready');
  expect(await runCell(page, 'checks')).toBe('failed');
  await expect(output(page, 'checks')).toContainText('run the cell above first: it declares health');

  // A cell waiting forever: Stop ends it softly and the kernel keeps its state.
  await openEditor(page, 'errors');
  await replaceCode(page, 'errors', "const kept = 'still here';\nawait new Promise(() => {});");
  const errors = cell(page, 'errors');
  await errors.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output(page, 'errors')).toContainText('Running');
  await errors.getByRole('button', { name: 'Stop' }).click();
  expect(await settled(errors)).toBe('stopped');
  await expect(output(page, 'errors')).toContainText('Stopped after');

  // The same cell left alone: its 5 s timeout stops it.
  expect(await runCell(page, 'errors', 15_000)).toBe('stopped');
  await expect(output(page, 'errors')).toContainText('Timed out after 5.00 s');

  // A busy loop never yields: Stop replaces the kernel, and says so.
  await replaceCode(page, 'errors', 'let spins = 0;\nwhile (true) spins++;');
  await errors.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(output(page, 'errors')).toContainText('Running');
  await errors.getByRole('button', { name: 'Stop' }).click();
  expect(await settled(errors)).toBe('stopped');
  await expect(output(page, 'errors')).toContainText('kernel was restarted');
  await expect(page.locator('[data-nb-bar]')).toHaveAttribute('data-state', 'ready');
  expect(await runCell(page, 'hello')).toBe('done');
});

test('keyboard only: Shift+Enter runs and moves on, Ctrl+Enter runs in place, Esc leaves the editor', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  // Tab from the top of the page to the first cell's Run button.
  const runHello = cell(page, 'hello').getByRole('button', { name: 'Run', exact: true });
  await page.locator('[data-nb-bar] [data-nb-action="restart"]').focus();
  for (let i = 0; i < 30 && !(await runHello.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(runHello).toBeFocused();

  await page.keyboard.press('Shift+Enter');
  expect(await settled(cell(page, 'hello'))).toBe('done');
  await expect(cell(page, 'health').getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await page.keyboard.press('Control+Enter');
  expect(await settled(cell(page, 'health'))).toBe('done');
  await expect(cell(page, 'health').getByRole('button', { name: 'Run', exact: true })).toBeFocused();

  // Into the editor with the keyboard, edit, run from inside it, leave with Esc.
  await page.keyboard.press('Tab'); // Edit
  await expect(cell(page, 'health').getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cell(page, 'health').locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText("console.log('typed by keyboard');");
  await page.keyboard.press('Control+Enter');
  expect(await settled(cell(page, 'health'))).toBe('done');
  await expect(output(page, 'health')).toContainText('typed by keyboard');
  await page.keyboard.press('Escape');
  await expect(cell(page, 'health').getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(cell(page, 'health').getByRole('button', { name: 'Stop' })).toBeHidden();
  await expect(cell(page, 'health').getByRole('button', { name: 'Close editor' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cell(page, 'health').locator('.monaco-editor')).toHaveCount(0);
  await expect(cell(page, 'health').getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
});

test('an edit made on an older original says so and offers both versions', async ({ page, freshUser, baseURL }) => {
  expect(freshUser.email).toContain('@');
  // Saved while the lesson's cell was different (its hash then was another one).
  const saved = await page.request.put(`/api/notebook/edits/notebook-tour/hello`, {
    headers: { origin: baseURL! },
    data: { code: "console.log('my older edit');", baseHash: '0123456789abcdef' },
  });
  expect(saved.status()).toBe(200);
  await openLesson(page, 'notebook-tour');
  const hello = cell(page, 'hello');
  const notice = hello.locator('.nb-notice');
  await expect(notice).toContainText('changed after you edited it');
  await expect(hello.locator('.nb-edited')).toBeVisible();
  await notice.getByRole('button', { name: 'Show the new version' }).click();
  await expect(notice.locator('.nb-original')).toContainText('Hello from the kernel');
  await notice.getByRole('button', { name: 'Keep my version' }).click();
  await expect(notice).toHaveCount(0);
  expect(await runCell(page, 'hello')).toBe('done');
  await expect(output(page, 'hello')).toContainText('my older edit');
  await page.reload();
  await expect(hello.locator('.nb-notice')).toHaveCount(0);
  await expect(hello.locator('.nb-edited')).toBeVisible();
});

test('Run all runs every cell in order and stops at the first error, saying so; Clear empties a cell', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  await page.getByRole('button', { name: 'Run all' }).click();
  const ids = await page.locator('.nb-cell').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cell!));
  for (const id of ids) expect(await settled(cell(page, id))).toBe('done');
  await expect(page.locator('[data-nb-run-all-msg]')).toHaveText(`All ${ids.length} cells ran.`);

  // Break the third cell: Run all stops there and leaves the later cells alone.
  await openEditor(page, 'checks');
  await replaceCode(page, 'checks', "throw new Error('stop here');");
  await page.getByRole('button', { name: 'Restart kernel' }).click();
  for (const id of ids) await expect(cell(page, id)).toHaveAttribute('data-state', /^(idle|done|failed|stopped)$/);
  await cell(page, 'echo').getByRole('button', { name: 'Clear output' }).click();
  await expect(output(page, 'echo')).toBeHidden();
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(cell(page, 'checks')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(output(page, 'checks')).toContainText('Error: stop here (line 1)');
  await expect(output(page, 'checks').locator('.nb-status')).toHaveText(/^Failed after .* at line 1: Error: stop here$/);
  await expect(cell(page, 'checks').getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  // The later cells did not run, and both they and the toolbar say why.
  await expect(output(page, 'echo')).toBeVisible();
  await expect(output(page, 'echo')).toContainText('Not run: Run all stopped at “The health report as a table”.');
  await expect(cell(page, 'echo')).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('[data-nb-run-all-msg]')).toHaveText(/^Run all stopped at “The health report as a table”; \d+ later cells? not run\.$/);
  await expect(page.getByRole('button', { name: 'Run all' })).toBeEnabled();
});

test('running a cell again closes its sockets and clears its timers first', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  await openEditor(page, 'echo');
  await replaceCode(
    page,
    'echo',
    "const held = new WebSocket('/ws/echo');\nheld.onclose = (e) => console.log(`socket closed: ${e.code} ${e.reason}`);\nsetInterval(() => console.log('tick'), 100);\nawait new Promise((r) => (held.onopen = r));\nconsole.log('socket open');",
  );
  expect(await runCell(page, 'echo')).toBe('done');
  await expect(output(page, 'echo')).toContainText('tick');
  // `held` is still in the kernel's shared scope: the socket itself says it was closed.
  await replaceCode(page, 'echo', "console.log('second run');\nawait sleep(600);\nconsole.log(`old socket readyState ${held.readyState}`);");
  expect(await runCell(page, 'echo')).toBe('done');
  const text = (await output(page, 'echo').textContent()) ?? '';
  expect(text).toContain('second run');
  expect(text).toContain('old socket readyState 3');
  // Neither the old interval nor the old run's late output shows up in the new run.
  expect(text).not.toContain('tick');
  expect(text).not.toContain('socket closed');
});

test('names from earlier cells keep their types in the editor: a wrong use is flagged, a right one is not', async ({ page, freshUser }) => {
  test.setTimeout(90_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  expect(await runCell(page, 'health')).toBe('done');
  await openEditor(page, 'checks');
  // `response` comes from the cell "Ask the portal how it is": a Response, so its status is a number.
  await replaceCode(page, 'checks', 'const code: string = response.status;\nconst ok: number = response.status;\nconsole.log(`status ${ok}`);');
  await expect(cell(page, 'checks').locator('.squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  expect(await runCell(page, 'checks')).toBe('done');
  const log = output(page, 'checks').getByRole('log');
  await expect(log.locator('.nb-page-warning')).toHaveText(/^Type check 1 type error \(line 1: Type 'number' is not assignable to type 'string'\)/);
  await expect(log).toContainText('status 200');
});

test('Edit is typeable at once; Monaco takes over with the same text, caret and focus', async ({ page, freshUser }) => {
  test.setTimeout(90_000);
  expect(freshUser.email).toContain('@');
  // Hold Monaco's chunk back, so the plain editor is what the reader has for as long as we like.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_astro\/cell-editor[^/]*\.js$/, async (route) => {
    await gate;
    await route.continue();
  });
  await openLesson(page, 'notebook-tour');
  const hello = cell(page, 'hello');
  const original = await hello.locator('.nb-compiled').evaluate((el) => (JSON.parse(el.textContent) as { source: string }).source);

  await hello.getByRole('button', { name: 'Edit', exact: true }).click();
  const plain = hello.locator('textarea[data-nb-plain-editor]');
  await expect(plain).toBeFocused();
  await expect(plain).toHaveValue(original);
  await expect(hello.getByRole('button', { name: 'Close editor' })).toBeVisible();
  await expect(hello.locator('.monaco-editor')).toHaveCount(0);

  // Typed and run before Monaco exists (compiled by the portal or esbuild-wasm, whichever is there).
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText("console.log('typed before Monaco');");
  await page.evaluate(() => {
    const w = window as unknown as { runEnds: number };
    w.runEnds = 0;
    document.addEventListener('nb:run-end', () => w.runEnds++);
  });
  await page.keyboard.press('Control+Enter');
  expect(await settled(hello)).toBe('done');
  await expect(output(page, 'hello')).toContainText('typed before Monaco');
  // One key press, one run (the page's own Enter shortcut does not run it again).
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { runEnds: number }).runEnds)).toBe(1);
  await expect(hello.locator('.nb-save')).toHaveText('Saved for you.');

  // The caret two characters from the end, then Monaco arrives.
  await plain.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  release();
  await expect(hello.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(plain).toHaveCount(0);
  expect(await hello.evaluate((el) => el.querySelector('.monaco-editor')!.contains(document.activeElement))).toBe(true);
  await page.keyboard.insertText('ZZ');
  await expect(hello.locator('.monaco-editor')).toContainText("Monaco'ZZ);");
  await expect(hello.locator('.nb-save')).toHaveText('Saved for you.');
});
