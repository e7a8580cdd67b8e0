import type { Page } from '@playwright/test';
import { expect, signUp, test } from './support/fixtures';
import { cell, openLesson } from './support/notebook';

/**
 * What a first-time reader on a 360 px phone trips over: a header on one
 * short row with a menu, account tabs that do not wrap, an email that breaks
 * only before "@" or ".", token cards whose Revoke stays on screen, lesson
 * pages with the title first, the contents folded and headings that land
 * below the sticky notebook bar, and no keyboard help on touch screens. Also
 * the Python tab's Run and Edit at any width.
 */

const PHONE = { width: 360, height: 740 };

/** How far the page scrolls sideways (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('at 360 px', () => {
  test.use({ viewport: PHONE });

  test('the header is one row of at most 80 px, signed out and in; its menu opens the navigation and closes on Escape', async ({
    page,
    freshUser,
  }) => {
    for (const path of ['/', '/lessons', '/account', '/dashboard/notifications']) {
      await page.goto(path);
      const box = (await page.locator('header.site-header').boundingBox())!;
      expect(box.height, path).toBeLessThanOrEqual(80);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(nav.getByRole('link')).toHaveText(['Lessons', 'Dashboard', 'Account']);
    await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
    await expect(page.locator('header .who')).toContainText(freshUser.email.split('@')[0]!);
    // At 1280 px the address stays on one line (with an ellipsis when long).
    await page.setViewportSize({ width: 1280, height: 800 });
    const who = (await page.locator('header .who').boundingBox())!;
    expect(who.height).toBeLessThan(30);
    await page.setViewportSize(PHONE);
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    // Signed out: the same single row.
    await page.context().clearCookies();
    await page.goto('/');
    expect((await page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(80);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.locator('header').getByRole('link', { name: 'Log in' })).toBeVisible();
  });

  test('account tabs stay on one row; a long address breaks only before "@" or "."', async ({ page }) => {
    // Wider than the screen at the heading's size: it has to break somewhere.
    const email = `newcomer${Date.now() % 100_000}@example.test`;
    await signUp(page, email);
    for (const path of ['/account', '/account/tokens', '/account/password']) {
      await page.goto(path);
      const boxes = await page
        .getByRole('navigation', { name: 'Account' })
        .getByRole('link')
        .evaluateAll((links) => links.map((l) => l.getBoundingClientRect()));
      expect(new Set(boxes.map((b) => Math.round(b.top))).size, path).toBe(1);
      // Every tab whole on screen, "API tokens" too.
      for (const b of boxes) expect(b.right, path).toBeLessThanOrEqual(PHONE.width);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    await page.goto('/welcome');
    // Where the heading's address wraps: the character each new line starts with.
    const lineStarts = await page.locator('h1 .email-text').evaluate((el) => {
      const starts: string[] = [];
      let lastTop: number | null = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.textContent!.length; i++) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const top = Math.round(r.getBoundingClientRect().top);
          if (lastTop !== null && top > lastTop + 2) starts.push(n.textContent![i]!);
          lastTop = top;
        }
      }
      return starts;
    });
    expect(lineStarts.length).toBeGreaterThan(0);
    for (const c of lineStarts) expect(['@', '.']).toContain(c);
  });

  test('API tokens are cards: Revoke is on screen, and the lessons preset is ticked', async ({ page, freshUser }) => {
    expect(freshUser.email).toContain('@');
    await page.goto('/account/tokens');
    await expect(page.getByRole('checkbox', { name: /^rest / })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: /^account:read / })).not.toBeChecked();
    await page.getByRole('link', { name: /^Read-only/ }).click();
    await expect(page.getByRole('checkbox', { name: /^rest / })).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: /^account:read / })).toBeChecked();
    await page.getByLabel('Name').fill('phone script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('[data-new-token]')).toBeVisible();
    const revoke = (await page.getByRole('button', { name: 'Revoke token phone script' }).boundingBox())!;
    expect(revoke.x).toBeGreaterThanOrEqual(0);
    expect(revoke.x + revoke.width).toBeLessThanOrEqual(PHONE.width);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });

  test('a lesson shows its title first, the contents folded, and a heading reached from them lands below the notebook bar', async ({
    page,
    freshUser,
  }) => {
    expect(freshUser.email).toContain('@');
    await openLesson(page, 'notebook-tour');
    const title = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    const toc = page.locator('details.toc-folded');
    await expect(toc).toBeVisible();
    expect((await toc.boundingBox())!.y).toBeGreaterThan(title.y);
    expect(title.y + title.height).toBeLessThan(PHONE.height / 2);
    await expect(toc).not.toHaveAttribute('open', /.*/);
    await toc.locator('summary').click();
    const link = toc.getByRole('link', { name: 'Talk over a WebSocket' });
    await link.click();
    const heading = page.getByRole('heading', { name: 'Talk over a WebSocket' });
    await expect(async () => {
      const bar = (await page.locator('[data-nb-bar]').boundingBox())!;
      const h = (await heading.boundingBox())!;
      expect(h.y).toBeGreaterThanOrEqual(bar.y + bar.height);
      expect(h.y).toBeLessThan(PHONE.height / 2);
    }).toPass({ timeout: 5000 });
    // The contents mark the section being read.
    await expect(link).toHaveAttribute('aria-current', 'location');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

test('on a touch screen the notebook bar has no "Keyboard" help', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  try {
    await signUp(page);
    await openLesson(page, 'notebook-tour');
    expect(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches)).toBe(true);
    await expect(page.locator('.nb-keys')).toBeHidden();
    // Without it the sticky bar is one short row.
    expect((await page.locator('[data-nb-bar]').boundingBox())!.height).toBeLessThanOrEqual(56);
  } finally {
    await context.close();
  }
});

test('at 1280 px the keyboard help is there, and a Python tab says what Run runs and Edit opens the TypeScript', async ({ page, freshUser }) => {
  // Opening the editor and running the whole tour: over a minute at load 30 (two portals on two cores).
  test.setTimeout(120_000);
  expect(freshUser.email).toContain('@');
  await openLesson(page, 'notebook-tour');
  await expect(page.locator('.nb-keys')).toBeVisible();
  const c = cell(page, 'health');
  await c.getByRole('tab', { name: 'Python' }).click();
  await expect(c.locator('.nb-panel-py')).toBeVisible();
  await expect(c.getByRole('button', { name: 'Run TypeScript' })).toBeVisible();
  await expect(c.locator('.nb-py-note')).toContainText('scopes');
  await c.getByRole('button', { name: 'Edit' }).click();
  await expect(c.getByRole('tab', { name: 'TypeScript' })).toHaveAttribute('aria-selected', 'true');
  await expect(c.locator('.nb-panel-ts')).toBeVisible();
  await expect(c.getByRole('button', { name: 'Close editor' })).toBeVisible({ timeout: 20_000 });
  await expect(c.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  // A cell that reads an earlier cell's names says so before it runs; display() tables have no "(index)" column.
  const checks = cell(page, 'checks');
  await expect(checks.locator('.nb-uses')).toContainText('Uses health from Ask the portal how it is');
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(checks).toHaveAttribute('data-state', 'done', { timeout: 40_000 });
  const headers = await checks.locator('.nb-table th[scope="col"]').allTextContents();
  expect(headers).toEqual(['component', 'value']);
});

test('at 1280 px the dashboard shows the whole Workers table, explains each job state and writes form values in normal weight', async ({
  page,
  freshUser,
}) => {
  expect(freshUser.email).toContain('@');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/dashboard/notifications');
  const workers = page.getByRole('region', { name: 'Workers table' });
  await expect(workers.locator('td[data-label="uptime"]').first()).toBeVisible({ timeout: 15_000 });
  expect(await workers.evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(0);
  await expect(page.locator('[data-counts] div').filter({ hasText: 'delayed' })).toContainText('clean-up job');
  const weight = await page.locator('input[name="title"]').evaluate((i) => getComputedStyle(i).fontWeight);
  expect(Number(weight)).toBeLessThan(600);
  await expect(page.locator('[data-rate-window]')).toHaveValue('120');
});
