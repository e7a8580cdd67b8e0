import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures';

/**
 * The notification dashboard in a real browser against the real queue: a
 * user sends themself a notification and the bell updates live; a small
 * load test's progress bar fills to 100%.
 */
test.describe('notification dashboard', () => {
  test('sending yourself a notification updates the bell live; mark-as-read clears it', async ({ page, freshUser }) => {
    expect(freshUser.email).toContain('@');
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    const bell = page.locator('[data-bell]');
    await expect(bell).toHaveAttribute('data-status', 'live');
    await expect(page.getByRole('button', { name: 'Notifications, 0 unread' })).toBeVisible();

    await page.getByLabel('Title').fill('<b>Deploy finished</b>');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Send to me' }).click();
    await expect(page.locator('[data-send-msg]')).toContainText('Queued as');

    // No reload: the count arrives over /ws/notifications.
    const button = page.getByRole('button', { name: 'Notifications, 1 unread' });
    // Generous: the shared e2e machine may be hashing passwords for other specs meanwhile.
    await expect(button).toBeVisible({ timeout: 20_000 });
    await button.click();
    const item = page.locator('[data-bell-list] li').first();
    await expect(item.locator('.bell-title')).toHaveText('<b>Deploy finished</b>');
    await item.getByRole('button', { name: /Mark .* read/ }).click();
    await expect(page.getByRole('button', { name: 'Notifications, 0 unread' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-bell-panel]')).toBeHidden();
  });

  test('a small load test shows its progress bar reaching 100%', async ({ page, freshUser }) => {
    expect(freshUser.password.length).toBeGreaterThan(8);
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    await page.getByLabel(/Recipients/).fill('5000');
    await page.getByRole('button', { name: 'Launch' }).click();
    await expect(page.locator('[data-load-msg]')).toContainText('queued: 5,000 recipients in 5 chunks');
    const id = (await page.locator('[data-load-msg]').textContent())!.match(/#(\d+)/)![1];
    const campaign = page.locator(`[data-campaign="${id}"]`);
    await expect(campaign).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(campaign).toHaveAttribute('data-percent', '100');
    await expect(campaign.getByRole('progressbar', { name: `Campaign ${id} progress` })).toHaveAttribute('value', '5000');
    await expect(campaign).toContainText('5,000 / 5,000 delivered');
    // The throughput chart drew the delivery.
    await expect(page.locator('[data-chart] canvas')).toBeVisible();

    const a11y = await new AxeBuilder({ page }).include('[data-dashboard]').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(a11y.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  });

  test('works at 360 px wide', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: /Notifications, \d+ unread/ }).click();
    await expect(page.locator('[data-bell-panel]')).toBeVisible();
  });
});
