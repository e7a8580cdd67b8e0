import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../support/fixtures';
import { openLesson, runCell } from '../support/notebook';

/**
 * The lesson list and a lesson page (with output, tables, trees, the network
 * panel and an open editor) pass axe, in both themes and at 360 px wide.
 */

async function axe(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the lesson list and a run lesson page have no axe violations, light and dark, at 360 px', async ({ page, freshUser }) => {
  // Four axe passes over a long page (cells, exercises, network panel): slow on a busy 2-core machine.
  test.setTimeout(120_000);
  expect(freshUser.email).toContain('@');
  await page.goto('/lessons');
  await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
  expect(await axe(page)).toEqual([]);

  await openLesson(page, 'notebook-tour');
  for (const id of ['hello', 'health', 'checks', 'echo']) expect(await runCell(page, id)).toBe('done');
  await page.locator('#cell-health .nb-network > summary').click();
  await page.locator('#cell-health .nb-net-item > summary').click();
  expect(await axe(page)).toEqual([]);

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axe(page)).toEqual([]);

  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await axe(page)).toEqual([]);
});
