import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

/**
 * Shared e2e fixtures: `baseURL` is the portal the global setup started;
 * `freshUser` is a new account signed up through the real form.
 */

export interface FreshUser {
  email: string;
  password: string;
}

/** Sign a new user up through /signup and return their credentials (leaves the page on /welcome). */
export async function signUp(page: Page, email = `e2e-${randomBytes(4).toString('hex')}@example.test`): Promise<FreshUser> {
  const password = `Correct horse ${randomBytes(4).toString('hex')} battery`;
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: /sign up|create account/i }).click();
  await page.waitForURL('**/welcome');
  return { email, password };
}

export const test = base.extend<{ freshUser: FreshUser }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; {} means none
  baseURL: async ({}, use) => {
    const url = process.env.PORTAL_URL;
    if (!url) throw new Error('PORTAL_URL is not set: the e2e global setup did not run');
    await use(url);
  },
  freshUser: async ({ page }, use) => {
    await use(await signUp(page));
  },
});

export { expect };
