import { defineConfig } from '@playwright/test';

/**
 * `npm run audit:lighthouse`: Lighthouse 12 on the landing, login and a
 * lesson page, mobile and desktop, in Debian's Chromium, against the built
 * portal as production runs it (behind nginx with deploy/nginx's config).
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'audit.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 600_000,
  reporter: [['line']],
});
