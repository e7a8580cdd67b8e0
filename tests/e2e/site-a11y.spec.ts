import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { publishedLessons } from './support/notebook';

/**
 * axe-core on every page of the site, signed out and signed in, in the light
 * and the dark theme: no violations (WCAG 2.1 A/AA and axe's best practices),
 * and no page wider than a 360 px phone.
 * Page-specific suites look deeper at their own widgets; this one makes sure
 * no page is left out.
 */

const SIGNED_OUT = ['/', '/login', '/signup', '/forgot-password', '/forgot-password/sent', '/reset-password', '/no-such-page'];
const SIGNED_IN = [
  '/',
  '/welcome',
  '/lessons',
  ...publishedLessons().map((l) => `/lessons/${l.slug}`),
  '/account',
  '/account/password',
  '/account/password/changed',
  '/account/tokens',
  '/account/two-factor',
  '/dashboard/notifications',
  '/logout',
  '/dev/mail',
];

/**
 * Violations on the current page, one readable line each. Highlighted code is
 * thousands of coloured spans, which makes axe's contrast rule take tens of
 * seconds per lesson; those spans are checked by `codeContrastProblems`
 * instead, which computes the same WCAG ratio for every span in one pass.
 */
async function violations(page: Page, colourOnly: boolean): Promise<string[]> {
  // Monaco's editor is third-party with its own accessibility mode (it only appears on Edit).
  let axe = new AxeBuilder({ page }).exclude('.monaco-editor').exclude('.nb-code pre');
  // A theme changes colours, not structure: the second theme needs only the colour rules.
  if (colourOnly) axe = axe.withRules(COLOUR_RULES);
  const result = await axe.analyze();
  const lines = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return [...lines, ...(await codeContrastProblems(page))];
}

/** The axe rules whose outcome depends on colours. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** Code spans whose text contrast against the code block is under WCAG AA's 4.5:1. */
function codeContrastProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (css: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      const [r = 0, g = 0, b = 0, a = 1] = (m?.[1] ?? '0,0,0,0')
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, m ? a : 0];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const background = (el: Element | null): [number, number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) return c;
      }
      return [255, 255, 255, 1];
    };
    const problems = new Set<string>();
    for (const pre of document.querySelectorAll('.nb-code pre')) {
      const bg = background(pre);
      for (const span of pre.querySelectorAll('span')) {
        if (!span.textContent?.trim() || span.children.length) continue;
        const fg = rgb(getComputedStyle(span).color);
        const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
        const ratio = (l1 + 0.05) / (l2 + 0.05);
        if (ratio < 4.5)
          problems.add(
            `code-contrast: ${getComputedStyle(span).color} on ${getComputedStyle(pre).backgroundColor} is ${ratio.toFixed(2)}:1 ("${span.textContent.trim().slice(0, 20)}")`,
          );
      }
    }
    return [...problems];
  });
}

/** Visit each path and audit it in the light and the dark theme; returns the problems by theme and path. */
async function audit(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    await page.waitForLoadState('load');
    if (path.startsWith('/lessons/')) await expect(page.locator('[data-nb-bar]')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const v = await violations(page, theme === 'dark');
      if (v.length) found[`${theme} ${path}`] = v;
    }
    // And nothing scrolls sideways on a 360 px phone.
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) found[`360px ${path}`] = [`the page is ${overflow} px wider than the screen`];
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  return found;
}

test('every page signed out has no axe violations, light and dark, and fits 360 px', async ({ page }) => {
  expect(await audit(page, SIGNED_OUT)).toEqual({});
});

test('every page signed in has no axe violations, light and dark, and fits 360 px', async ({ page, freshUser }) => {
  // Two axe passes per page over every lesson (long pages since issue 19), the account pages and the dashboard.
  test.setTimeout(180_000);
  expect(freshUser.email).toContain('@');
  expect(await audit(page, SIGNED_IN)).toEqual({});
});
