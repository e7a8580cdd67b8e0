import { expect, test } from '../support/fixtures';
import { openLesson, output, publishedLessons, settled } from '../support/notebook';

/**
 * Every cell of every published lesson runs without an error and shows its
 * `expect` text, so lessons cannot rot. The list comes from the Markdown
 * files, so other lessons are covered as soon as they are published.
 */

for (const { slug } of publishedLessons()) {
  test(`lesson ${slug}: every cell runs and shows what it promises`, async ({ page, freshUser }) => {
    expect(freshUser.email).toContain('@');
    await openLesson(page, slug);
    const cells = page.locator('.nb-cell');
    const count = await cells.count();
    test.setTimeout(30_000 + count * 45_000);
    const ids = await cells.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cell!));
    for (const id of ids) {
      const c = page.locator(`#cell-${id}`);
      const timeoutSec = Number((await c.getAttribute('data-timeout')) ?? '30');
      await c.getByRole('button', { name: 'Run', exact: true }).click();
      const state = await settled(c, timeoutSec * 1000 + 10_000);
      const text = (await output(page, id).textContent()) ?? '';
      expect(state, `cell ${id} of ${slug} ended ${state}:\n${text}`).toBe('done');
      const expected = await c.getAttribute('data-expect');
      if (expected) await expect(output(page, id), `cell ${id} of ${slug} should print "${expected}"`).toContainText(expected);
    }
  });
}
