import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEVICES, MOCKUP_PAGES, THEMES } from './pages';

/**
 * Walks the login design's eight pages as a new visitor would (sign up, see
 * the success page, request a reset, change the password) once per device
 * and theme, and saves a screenshot of each into public/mockups/real/.
 */

const OUT = path.resolve(import.meta.dirname, '../../public/mockups/real');
const PASSWORD = 'Lovelace analytical engine 1843';
const NEW_PASSWORD = 'Babbage difference engine 1822';

test.beforeAll(() => fs.mkdirSync(OUT, { recursive: true }));

for (const [device, viewport] of Object.entries(DEVICES)) {
  for (const theme of THEMES) {
    test(`${device} ${theme}`, async ({ browser }) => {
      const baseURL = process.env.PORTAL_URL;
      if (!baseURL) throw new Error('PORTAL_URL is not set: the global setup did not run');
      const context = await browser.newContext({ baseURL, viewport, colorScheme: theme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      // Short addresses, one per run: the success page shows it in its headline.
      const email = `ada${Object.keys(DEVICES).indexOf(device) * THEMES.length + THEMES.indexOf(theme) + 1}@example.com`;
      const shot = async (id: string, expectedPath: string) => {
        await expect(page).toHaveURL((u) => u.pathname === expectedPath);
        await settle(page);
        await page.screenshot({ path: path.join(OUT, `${id}-${device}-${theme}.png`) });
      };

      await page.goto('/');
      await shot('landing', '/');
      await page.goto('/login');
      await shot('login', '/login');
      await page.goto('/signup');
      await shot('signup', '/signup');

      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: /create account|sign up/i }).click();
      await shot('success', '/welcome');

      await page.goto('/account/password');
      await shot('change-password', '/account/password');
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: /change password/i }).click();
      await shot('password-changed', '/account/password/changed');

      // The reset pages are for signed-out visitors.
      await context.clearCookies();
      await page.goto('/forgot-password');
      await shot('reset-request', '/forgot-password');
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: /send|reset/i }).click();
      await shot('email-sent', '/forgot-password/sent');
      await context.close();
    });
  }
}

test.afterAll(() => {
  const files = fs.readdirSync(OUT).filter((f) => f.endsWith('.png'));
  const expected = MOCKUP_PAGES.length * Object.keys(DEVICES).length * THEMES.length;
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(OUT, f)).size, 0);
  console.log(`mockups: ${files.length}/${expected} screenshots in ${path.relative(process.cwd(), OUT)} (${(bytes / 1024).toFixed(0)} KiB)`);
});

/** Wait for fonts and the last layout before the picture. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.mouse.move(0, 0);
}
