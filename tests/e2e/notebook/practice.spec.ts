import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { openEditor, openLesson, publishedLessons, replaceCode } from '../support/notebook';

/**
 * Practice in Chromium: a learner fails a check, takes a hint, solves the
 * exercise and sees it passed in the page and in /api/me/progress; every
 * exercise's unedited starter fails and its solution passes; and for the
 * exercises that change server state, printing the expected text fails.
 */

interface Progress {
  lessons: Array<{
    slug: string;
    exercises: Array<{ id: string; passed: boolean; attempts: number; usedSolution: boolean; passedAt: string | null }>;
  }>;
}

async function progressOf(page: Page, slug: string, id: string) {
  const res = await page.request.get('/api/me/progress');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as Progress;
  return body.lessons.find((l) => l.slug === slug)!.exercises.find((x) => x.id === id)!;
}

async function check(ex: Locator, expected: 'passed' | 'failed', viaKeyboard = false): Promise<string> {
  const button = ex.getByRole('button', { name: /^Check/ });
  if (viaKeyboard) {
    await button.focus();
    await button.page().keyboard.press('Enter');
  } else {
    await button.click();
  }
  const result = ex.locator('[data-check-state]');
  await expect(result).toHaveAttribute('data-check-state', /^(passed|failed)$/, { timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  expect(await result.getAttribute('data-check-state'), text).toBe(expected);
  return text;
}

test('sign up, fail a check, take a hint, solve it, see it passed in the page and in /api/me/progress', async ({ page, freshUser }) => {
  test.setTimeout(120_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  const ex = page.locator('[data-exercise="tour-todo-title"]');
  await expect(ex.locator('[data-check-state]')).toHaveAttribute('data-check-state', 'idle');
  await expect(ex.locator('[data-check-state]')).toHaveAttribute('aria-live', 'polite');

  // Check works from the keyboard; its result is announced (aria-live above).
  const failure = await check(ex, 'failed', true);
  expect(failure).toContain('Expected a GET of /api/rest/todos/3');
  expect(failure).toContain('GET /api/rest/todos/1');
  expect(failure).not.toMatch(/ at |Error:/);

  // Hints one at a time.
  await expect(ex.locator('.nb-hint').first()).toBeHidden();
  await ex.getByRole('button', { name: /Show a hint \(1 of 2\)/ }).click();
  await expect(ex.locator('.nb-hint').nth(0)).toBeVisible();
  await expect(ex.locator('.nb-hint').nth(1)).toBeHidden();

  await openEditor(page, 'tour-todo-title');
  await replaceCode(
    page,
    'tour-todo-title',
    "const todo: Todo = await (await fetch('/api/rest/todos/3')).json();\nconsole.log('My answer:', todo.title);",
  );
  const passed = await check(ex, 'passed');
  expect(passed).toContain('Passed');
  await expect(ex.locator('[data-ex-progress]')).toContainText('passed, 2 attempts');

  // The exercise (open hint, passed result) passes axe in both themes and fits 360 px.
  const axe = async () =>
    (await new AxeBuilder({ page }).include('[data-exercise="tour-todo-title"]').exclude('.monaco-editor').analyze()).violations.map((v) => v.id);
  expect(await axe()).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axe()).toEqual([]);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  const p = await progressOf(page, 'notebook-tour', 'tour-todo-title');
  expect(p).toMatchObject({ passed: true, attempts: 2, usedSolution: false });
  expect(p.passedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

  // The lesson list counts it.
  await page.goto('/lessons');
  await expect(page.locator('[data-exercise-count]').first()).toContainText('1 of 1 exercises passed');
});

/** A learner's "answer" that only prints what the solution would print, for exercises that change server state. */
const CHEATS: Record<string, string> = {
  'a1-complete-todo': "console.log('PATCH 200', { id: 5, completed: true });",
  'a2-notify-once': "console.log('first n123, retry n123: one notification');",
  'a2-urgent': "console.log(202, 'n123', 'high priority');",
};

for (const { slug } of publishedLessons()) {
  test(`lesson ${slug}: every exercise's starter fails, printing is not enough, and the solution passes`, async ({ page, freshUser }) => {
    test.setTimeout(240_000);
    expect(freshUser.email).toContain('@');
    await openLesson(page, slug);
    const ids = await page.locator('[data-exercise]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.exercise!));
    expect(ids.length, `${slug} has an exercise`).toBeGreaterThan(0);
    for (const id of ids) {
      const ex = page.locator(`[data-exercise="${id}"]`);
      // The learner reads what was expected, never a stack trace.
      expect(await check(ex, 'failed')).not.toMatch(/TypeError|ReferenceError|SyntaxError|could not finish|\n\s+at /);
      const cheat = CHEATS[id];
      if (cheat) {
        await openEditor(page, id);
        await replaceCode(page, id, cheat);
        await check(ex, 'failed');
      }
      await ex
        .getByRole('button', { name: /solution/i })
        .first()
        .click();
      await ex.getByRole('button', { name: /Yes, load the solution/ }).click();
      await expect(ex.locator('[data-check-state]')).toContainText('The solution is in the cell');
      await check(ex, 'passed');
      expect(await progressOf(page, slug, id)).toMatchObject({ passed: true, usedSolution: true, attempts: cheat ? 3 : 2 });
    }
  });
}
