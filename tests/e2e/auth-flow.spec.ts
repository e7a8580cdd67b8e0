import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readMails } from '../helpers/auth-http';
import { expect, signUp, test } from './support/fixtures';

/**
 * The "What must show" flow of the login issue in Chromium: sign up, land on
 * /welcome, log out, log in, ask for a reset, follow the link from the .eml,
 * set a new password, see every other session ended, change the password
 * again and see /account/password/changed. Plus the forms without JavaScript,
 * an accessibility scan and the 360 px layout.
 */

function dataDir(): string {
  const dir = process.env.PORTAL_DATA_DIR;
  if (!dir) throw new Error('PORTAL_DATA_DIR is not set: the e2e global setup did not run');
  return dir;
}

async function resetLinkFromEml(email: string, before: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = readMails(dataDir()).filter((m) => m.to.includes(email) && /reset your/i.test(m.subject));
    const link = mails.length > before ? /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mails[mails.length - 1]!.text)?.[0] : undefined;
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset mail for ${email}`);
}

const resetMailCount = (email: string) => readMails(dataDir()).filter((m) => m.to.includes(email) && /reset your/i.test(m.subject)).length;

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('sign up, log out, log in, reset by mail, sessions ended, change password', async ({ page, browser }) => {
  // Sign up and land on the success page.
  const user = await signUp(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.email}`);
  await expect(page.getByText('Signed in', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the lessons' })).toBeVisible();

  // Log out from the header control, then log back in.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login?logged_out=1');
  await expect(page.getByRole('status')).toContainText('You have been logged out.');
  await page.goto('/welcome');
  await expect(page).toHaveURL(/\/login\?next=%2Fwelcome$/);
  await logIn(page, user.email, user.password);
  await page.waitForURL('**/welcome');

  // A second browser is signed in too.
  const other = await browser.newContext({ baseURL: page.url() });
  const otherPage = await other.newPage();
  await logIn(otherPage, user.email, user.password);
  await otherPage.waitForURL('**/welcome');

  // Forgot password: request, follow the emailed link, set a new password.
  const before = resetMailCount(user.email);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login?logged_out=1');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.waitForURL('**/forgot-password/sent');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your mail');

  const link = await resetLinkFromEml(user.email, before);
  await page.goto(link);
  // The token left the address bar at once.
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByText(user.email)).toBeVisible();
  const resetPassword = `${user.password} renewed`;
  await page.getByLabel('New password', { exact: true }).fill(resetPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.waitForURL('**/login?reset=done&tokens=kept');
  await expect(page.getByRole('status')).toContainText('every session was signed out');
  await expect(page.getByRole('status')).toContainText('API tokens still work');
  // The address the password was reset for is filled in.
  await expect(page.getByLabel('Email')).toHaveValue(user.email);

  // Every other session ended: the second browser is signed out.
  await otherPage.goto('/welcome');
  await expect(otherPage).toHaveURL(/\/login\?next=/);
  await other.close();

  // The old password no longer works; the new one does, and only this session is listed.
  await logIn(page, user.email, user.password);
  await expect(page.getByRole('alert')).toContainText('Email or password is incorrect.');
  await expect(page.getByLabel('Email')).toHaveValue(user.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.getByLabel('Password', { exact: true }).fill(resetPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/welcome');
  await page.goto('/account');
  await expect(page.locator('[data-session-row]')).toHaveCount(1);
  await expect(page.getByText('this device')).toBeVisible();

  // Change the password again.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Password' }).click();
  await page.getByLabel('Current password', { exact: true }).fill(resetPassword);
  await page.getByLabel('New password', { exact: true }).fill('violet lamp');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#f-new_password-error')).toContainText('at least 15');
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-describedby', /f-new_password-error/);
  await page.getByLabel('Current password', { exact: true }).fill(resetPassword);
  await page.getByLabel('New password', { exact: true }).fill(`${resetPassword} again`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL('**/account/password/changed');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Password changed');
  await page.goto('/welcome');
  await expect(page).toHaveURL(/\/welcome$/);
});

test('the auth forms work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.PORTAL_URL });
  const page = await context.newPage();
  const user = await signUp(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login?logged_out=1');
  await logIn(page, user.email, 'wrong password entirely');
  // Said once, above the form (it must not tell which of the two fields is wrong).
  await expect(page.getByText('Email or password is incorrect.')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/welcome');
  await context.close();
});

test('a new API token: copied with the keyboard, and an example its scopes allow', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page);
  await page.goto('/account/tokens');
  await page.getByLabel('Name').fill('graphql script');
  // The form starts with the lessons' preset ticked: keep only graphql.
  for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
  await page.getByRole('checkbox', { name: /^graphql/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const field = page.getByRole('textbox', { name: 'New token' });
  const token = await field.inputValue();
  expect(token).toMatch(/^ilp_[a-z2-7]{24}\.[a-z2-7]{24}$/);
  // The example is a GraphQL query, not /api/me (which needs account:read).
  const example = page.getByRole('region', { name: 'Example command' });
  await expect(example).toContainText(`Bearer ${token}`);
  await expect(example).toContainText('/api/graphql');
  await expect(example).not.toContainText('/api/me');
  const copy = page.getByRole('button', { name: 'Copy' });
  await copy.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-copy-status]')).toHaveText('Copied');
  await expect(page.locator('[data-copy-status]')).toHaveAttribute('aria-live', 'polite');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  // The shown-once state passes axe and fits a phone (the long command scrolls inside its block).
  await page.setViewportSize({ width: 360, height: 740 });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('without JavaScript the new token stays selectable and no dead Copy button shows', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.PORTAL_URL });
  const page = await context.newPage();
  await signUp(page);
  await page.goto('/account/tokens');
  await page.getByLabel('Name').fill('rest script');
  await page.getByRole('checkbox', { name: /^rest/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const field = page.getByRole('textbox', { name: 'New token' });
  await expect(field).toHaveAttribute('readonly', '');
  await expect(page.getByRole('button', { name: 'Copy' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Example command' })).toContainText('/api/rest/todos/1');
  await field.selectText();
  expect(await field.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0))).toMatch(/^ilp_/);
  await context.close();
});

test('auth pages pass an axe scan and fit 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/signup', '/login', '/forgot-password']) {
    await page.goto(path);
    await page.getByRole('button').last().focus();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  // An error state, too.
  await page.goto('/signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#f-email-error')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await signUp(page);
  for (const path of ['/welcome', '/account', '/account/password', '/account/tokens', '/account/two-factor']) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
  }
});
