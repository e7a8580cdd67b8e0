import type { Locator } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { cell, openEditor, openLesson } from '../support/notebook';

/**
 * Edit keeps a cell's colours: a comment, a keyword, a string, a type, a
 * called function and a constant have the same computed colour in the
 * static (Shiki) code and in Monaco, in the light and the dark theme.
 */

/** Words of the tour's exercise starter and the class each stands for. */
const WORDS = [
  "// Fetch todo 3 (the path is /api/rest/todos/3) and print its title.",
  'const',
  'await',
  "'/api/rest/todos/1'",
  "'status'",
  'fetch',
];

/** Each leaf token of a code view: its text and computed colour. */
async function tokenColours(root: Locator, selector: string): Promise<Map<string, string>> {
  const pairs = await root.locator(selector).evaluateAll((spans) =>
    spans.filter((s) => s.children.length === 0).map((s) => [(s.textContent ?? '').replace(/\u00a0/g, ' ').trim(), getComputedStyle(s).color] as const),
  );
  const out = new Map<string, string>();
  for (const [text, colour] of pairs) if (text && !out.has(text)) out.set(text, colour);
  return out;
}

for (const theme of ['light', 'dark'] as const) {
  test(`static code and Monaco agree on token colours (${theme})`, async ({ page, freshUser }) => {
    test.setTimeout(90_000);
    expect(freshUser.email).toContain('@');
    await page.emulateMedia({ colorScheme: theme });
    await openLesson(page, 'notebook-tour');
    const c = cell(page, 'tour-todo-title');
    const staticColours = await tokenColours(c.locator('.nb-code'), 'pre code span span');
    for (const w of WORDS) expect(staticColours.get(w), `static token ${w}`).toBeDefined();

    const editor = await openEditor(page, 'tour-todo-title');
    await expect(editor.locator('.view-line').first()).toBeVisible();
    const monacoColours = await tokenColours(editor, '.view-line span span');
    const pairs = WORDS.map((w) => [w, staticColours.get(w), monacoColours.get(w)]);
    expect(pairs).toEqual(WORDS.map((w) => [w, staticColours.get(w), staticColours.get(w)]));
    // The classes really differ, so equal colours are not one colour everywhere.
    expect(new Set(WORDS.map((w) => staticColours.get(w))).size).toBeGreaterThanOrEqual(4);
  });
}
