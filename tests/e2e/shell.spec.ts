import { expect, test } from './support/fixtures';

test.describe('the site shell', () => {
  test('the landing page says what the portal is and lists the lessons', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Learn integrations by running them');
    // Signed out, only Lessons: Dashboard and Account would just lead to the login form.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Lessons']);
    expect(await page.locator('.lesson-list > li').count()).toBeGreaterThanOrEqual(4);
    await expect(page.getByText('One million notifications an hour')).toBeVisible();
    await expect(page.getByRole('contentinfo')).toBeVisible();
  });

  test('signed in, the nav adds Dashboard and Account', async ({ page, freshUser }) => {
    expect(freshUser.email).toContain('@');
    await page.goto('/');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Lessons', 'Dashboard', 'Account']);
  });

  test('the theme toggle cycles system, light, dark and is remembered', async ({ page }) => {
    await page.goto('/');
    const toggle = page.getByRole('button', { name: /colour theme/i });
    await expect(toggle).toHaveAccessibleName('Colour theme: system');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
    await page.getByRole('button', { name: /colour theme/i }).click();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  });

  test('keyboard users reach the skip link first and the nav after it', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Interview Lab home' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' })).toBeFocused();
  });

  test('works at 360 px wide without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole('button', { name: /colour theme/i })).toBeVisible();
  });

  test('signed-out visitors get a 401 from APIs and the login form for gated pages', async ({ page }) => {
    const res = await page.goto('/api/nope');
    expect(res?.status()).toBe(401);
    const gated = await page.goto('/lessons');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(gated?.status()).toBeLessThan(500);
  });
});
