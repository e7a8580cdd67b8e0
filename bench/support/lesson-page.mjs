import { gzipSync } from 'node:zlib';
import { round } from './stats.mjs';

/** The lesson page bench:lesson measures, and the small helpers its samples share. */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const LESSON = 'notebook-tour';
export const CELL = 'health';
export const EXPECT = 'status';
export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function freshPage(browser, portal, cookie) {
  const context = await browser.newContext();
  await context.addCookies([{ name: cookie.name, value: cookie.value, url: portal.url }]);
  return { context, page: await context.newPage() };
}

export const kernelReady = (page) => page.waitForSelector('[data-nb-bar][data-state="ready"]', { timeout: 30_000 });
export const outputHas = (page, id, text) =>
  page.waitForFunction(([i, t]) => (document.querySelector(`#cell-${i} .nb-output-list`)?.textContent ?? '').includes(t), [id, text], {
    polling: 'raf',
    timeout: 30_000,
  });

/** Every script the page (and its kernel frame and workers) loads before any interaction. */
export async function jsBeforeInteraction(browser, portal, cookie) {
  const { context, page } = await freshPage(browser, portal, cookie);
  const scripts = new Map();
  context.on('response', async (res) => {
    const type = res.request().resourceType();
    const url = res.url();
    if (type === 'script' || /\.m?js(\?|$)/.test(url)) {
      try {
        scripts.set(url, await res.body());
      } catch {
        // redirected or aborted: nothing to count
      }
    }
  });
  await page.goto(`${portal.url}/lessons/${LESSON}`, { waitUntil: 'load' });
  await kernelReady(page);
  await page.waitForTimeout(1000);
  // The kernel's frame and worker load their scripts out of Playwright's sight; count them too.
  const srcdoc = await page.locator('iframe.nb-kernel-frame').getAttribute('srcdoc');
  for (const m of (srcdoc ?? '').matchAll(/(?:src|data-runtime)="([^"]+)"/g)) {
    const url = new URL(m[1], portal.url).href;
    if (!scripts.has(url)) scripts.set(url, Buffer.from(await (await fetch(url)).arrayBuffer()));
  }
  const files = [...scripts].map(([url, body]) => ({
    file: url.startsWith('blob:') ? "blob: (the kernel worker's start-up line)" : new URL(url).pathname,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
  }));
  await context.close();
  return { files, gzipKb: round(files.reduce((s, f) => s + f.gzip, 0) / 1024), rawKb: round(files.reduce((s, f) => s + f.raw, 0) / 1024) };
}
