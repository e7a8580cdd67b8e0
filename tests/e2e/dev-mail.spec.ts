import AxeBuilder from '@axe-core/playwright';
import { expect, signUp, test } from './support/fixtures';

/**
 * The development mailbox as a tester uses it: ask for a reset link, open the
 * mail at /dev/mail, read its headers and click the link, which lands on the
 * reset form (the quoted-printable soft breaks and =3D are gone). The mail
 * page passes an axe scan and fits 360 px.
 */

test('a reset mail opens at /dev/mail with headers and a link that can be clicked', async ({ page }) => {
  const user = await signUp(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login?logged_out=1');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.waitForURL('**/forgot-password/sent');

  // The mail is written in the background: reload the mailbox until it is listed.
  const row = page.getByRole('row').filter({ hasText: user.email });
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(row).toHaveCount(1, { timeout: 200 });
  }).toPass({ timeout: 5000 });
  await row.getByRole('link', { name: 'Reset your Interview Lab password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your Interview Lab password');
  await expect(page.locator('[data-mail-header="to"]')).toContainText(user.email);
  await expect(page.locator('[data-mail-header="from"]')).toContainText('Interview Lab');
  await expect(page.locator('[data-mail-text]')).not.toContainText('=3D');

  await page.setViewportSize({ width: 360, height: 740 });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.locator('[data-mail-text] a[href*="/reset-password?token="]').click();
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByText(user.email)).toBeVisible();
  // On a phone the mailbox shows each subject (the link to open it) without scrolling sideways.
  await page.goto('/dev/mail');
  const box = (await page.getByRole('link', { name: 'Reset your Interview Lab password' }).first().boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(360);
});
