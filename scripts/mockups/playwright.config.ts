import { defineConfig } from '@playwright/test';

/**
 * `npm run mockups`: screenshots of the real pages of the interview's login
 * design (desktop 1280 px and mobile 360 px, light and dark) into
 * public/mockups/real/, taken in Debian's Chromium from the built portal.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'capture.spec.ts',
  globalSetup: '../../tests/e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  reporter: 'line',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--hide-scrollbars',
        '--font-render-hinting=none',
      ],
    },
  },
});
