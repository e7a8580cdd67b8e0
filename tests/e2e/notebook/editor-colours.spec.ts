import type { Locator } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { cell, openLesson } from '../support/notebook';

/**
 * Edit keeps a cell's colours: a comment, a keyword, a string, a type, a
 * called function and a constant have the same computed colour in the
 * static (Shiki) code and in Monaco, in the light and the dark theme.
 */

/** Words of the tour's exercise starter: a comment, keywords, strings, a called function, a constant's name, a bracket. */
const WORDS = [
  '// Fetch todo 3 (the path is /api/rest/todos/3) and print its title.',
  'const',
  'await',
  "'/api/rest/todos/1'",
  "'status'",
  'fetch',
  'res',
  '(',
];

/** Each leaf token of a code view, in order: its text and computed colour. */
async function tokens(root: Locator, selector: string): Promise<Array<readonly [string, string]>> {
  const pairs = await root
    .locator(selector)
    .evaluateAll((spans) =>
      spans
        .filter((s) => s.children.length === 0)
        .map((s) => [(s.textContent ?? '').replace(/\u00a0/g, ' ').trim(), getComputedStyle(s).color] as const),
    );
  return pairs.filter(([text]) => text !== '');
}

/** The colour of `word`: its own token, else the first token it starts with (Monaco cuts long tokens into several spans). */
function colourOf(list: Array<readonly [string, string]>, word: string): string | undefined {
  return (list.find(([text]) => text === word) ?? list.find(([text]) => text.length >= 3 && word.startsWith(text)))?.[1];
}

for (const theme of ['light', 'dark'] as const) {
  test(`static code and Monaco agree on token colours (${theme})`, async ({ page, freshUser }) => {
    test.setTimeout(150_000);
    expect(freshUser.email).toContain('@');
    await page.emulateMedia({ colorScheme: theme });
    await openLesson(page, 'notebook-tour');
    const c = cell(page, 'tour-todo-title');
    const staticTokens = await tokens(c.locator('.nb-code'), 'pre code span span');
    const staticColours = WORDS.map((w) => colourOf(staticTokens, w));
    for (const [i, w] of WORDS.entries()) expect(staticColours[i], `static token ${w}`).toBeDefined();

    // Edit shows a plain text area at once; Monaco takes its place once loaded.
    await c.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = c.locator('.monaco-editor');
    await expect(editor.locator('.view-line').first()).toBeVisible({ timeout: 60_000 });
    await expect(async () => {
      const monacoTokens = await tokens(editor, '.view-line span span');
      expect(WORDS.map((w) => [w, colourOf(monacoTokens, w)])).toEqual(WORDS.map((w, i) => [w, staticColours[i]]));
    }).toPass({ timeout: 15_000 });
    // The classes really differ, so equal colours are not one colour everywhere.
    expect(new Set(staticColours).size).toBeGreaterThanOrEqual(4);
  });
}
