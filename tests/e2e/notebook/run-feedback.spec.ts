import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../support/fixtures';
import { cell, openEditor, openLesson, output, replaceCode, runCell } from '../support/notebook';

/**
 * What a new reader is told when a run goes wrong: type errors the editor
 * shows are repeated on Run (which goes ahead), a name another cell declares
 * gets a hint naming that cell, stack frames name cells rather than kernel
 * internals, a second editor opens without page errors, and Reset can be
 * undone with "Restore my edit".
 */

test('type errors warn on Run, a missing name points at its cell, frames name cells, two editors raise no page error', async ({
  page,
  freshUser,
}) => {
  test.setTimeout(90_000);
  expect(freshUser.email).toContain('@');
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await openLesson(page, 'notebook-tour');

  await openEditor(page, 'hello');
  const todo = "const todo: Todo = await (await fetch('/api/rest/todos/1')).json();\n";
  await replaceCode(page, 'hello', `${todo}const oops: number = todo.title;\nconsole.log('ran with', oops);`);
  const hello = cell(page, 'hello');
  // The squiggle also means Monaco's TypeScript mode has loaded: what used to break the next editor.
  await expect(hello.locator('.squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  expect(await runCell(page, 'hello')).toBe('done');
  const log = output(page, 'hello').getByRole('log');
  await expect(log.locator('.nb-page-warning')).toHaveText(
    "Type check 1 type error (line 2: Type 'string' is not assignable to type 'number'); running anyway — TypeScript types are checked in the editor, not enforced at run time.",
  );
  await expect(log).toContainText('ran with delectus aut autem');

  // A second editor, after the restart the cell above would have to run first.
  await page.getByRole('button', { name: 'Restart kernel' }).click();
  await expect(page.locator('[data-nb-bar]')).toHaveAttribute('data-state', 'ready');
  await openEditor(page, 'errors');
  // One line per statement: Monaco auto-closes a brace typed at a line's end.
  await replaceCode(page, 'errors', "function show(): void { console.log('status', health.status); }\n\nshow();");
  expect(await runCell(page, 'errors')).toBe('failed');
  const errors = output(page, 'errors');
  await expect(errors).toContainText('ReferenceError: health is not defined (line 1)');
  await expect(errors.locator('.nb-hint')).toHaveText(
    'Hint health is defined in the cell “Ask the portal how it is” above; run it first, or use Run all.',
  );
  await expect(errors.locator('.nb-hint code')).toHaveText('health');
  await expect(errors.locator('.nb-stack')).toHaveText("at show (cell 'errors' line 1)\nat cell 'errors' line 3");
  await expect(errors.locator('.nb-page-warning')).toHaveCount(0);

  // The tour's own guard says what to do instead of failing with a ReferenceError.
  expect(await runCell(page, 'checks')).toBe('failed');
  await expect(output(page, 'checks')).toContainText('AssertionError: run the cell above first: it declares health');

  const axe = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('Reset can be undone with "Restore my edit" (keyboard too) until the next edit', async ({ page, freshUser }) => {
  test.setTimeout(60_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  const hello = cell(page, 'hello');
  const restore = hello.getByRole('button', { name: 'Restore my edit' });
  await openEditor(page, 'hello');
  await replaceCode(page, 'hello', "console.log('my careful edit');");
  await expect(hello.locator('.nb-save')).toHaveText('Saved for you.');

  await hello.getByRole('button', { name: 'Reset' }).click();
  await expect(hello.locator('.nb-edited')).toBeHidden();
  await expect(hello.locator('.monaco-editor')).toContainText('Hello from the kernel');
  await expect(hello.locator('.nb-save')).toContainText('Restore my edit');
  await restore.focus();
  await page.keyboard.press('Enter');
  await expect(restore).toBeHidden();
  await expect(hello.locator('.nb-edited')).toBeVisible();
  await expect(hello.locator('.monaco-editor')).toContainText('my careful edit');
  expect(await runCell(page, 'hello')).toBe('done');
  await expect(output(page, 'hello')).toContainText('my careful edit');

  // Restored means saved again: it is there after a reload, where Reset (editor closed) is undoable too.
  await page.reload();
  await expect(hello.locator('.nb-code')).toContainText('my careful edit');
  await hello.getByRole('button', { name: 'Reset' }).click();
  await expect(hello.locator('.nb-code')).toContainText('Hello from the kernel');
  await restore.click();
  await expect(hello.locator('.nb-code')).toContainText('my careful edit');
  await expect(hello.locator('.nb-edited')).toBeVisible();

  // A new edit after a Reset withdraws the offer.
  await hello.getByRole('button', { name: 'Reset' }).click();
  await expect(restore).toBeVisible();
  await openEditor(page, 'hello');
  await replaceCode(page, 'hello', "console.log('a fresh start');");
  await expect(restore).toBeHidden();
  await expect(hello.locator('.nb-save')).toHaveText('Saved for you.');
  await page.reload();
  await expect(hello.locator('.nb-code')).toContainText('a fresh start');
  await expect(restore).toBeHidden();
});
