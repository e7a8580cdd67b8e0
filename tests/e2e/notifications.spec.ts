import AxeBuilder from '@axe-core/playwright';
import type { WebSocketRoute } from '@playwright/test';
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
    // A chunk that fails on every attempt lands in the dead-letter list.
    expect((await page.request.post('/api/notifications/campaigns', { data: { synthetic: { count: 1000, failureRate: 0.9 } } })).status()).toBe(202);
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The latency table stays inside its card (scrolling sideways if it must), in a focusable, labelled region,
    // and "6 ms" never splits over two lines.
    const latency = page.getByRole('region', { name: 'Latency percentiles table' });
    await latency.focus();
    await expect(latency).toBeFocused();
    const card = await page.locator('section[aria-labelledby="lat-h"]').boundingBox();
    const wrap = await latency.boundingBox();
    expect(wrap!.x + wrap!.width).toBeLessThanOrEqual(card!.x + card!.width);
    // Read in one go: the table is redrawn every second, and a cell read after a redraw is detached (no style).
    const spaces = await page.locator('[data-latency] td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).whiteSpace));
    expect(spaces.length).toBeGreaterThan(0);
    expect(new Set(spaces)).toEqual(new Set(['nowrap']));
    // All five columns, p99 and samples included, fit without scrolling sideways.
    await expect(page.locator('[data-latency] tr')).toHaveCount(3);
    expect(await latency.evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(0);

    // A failed job is a card with its buttons on screen, not a table row scrolled out of view.
    const failedRow = page.locator('[data-failed-job]').first();
    await expect(failedRow).toBeVisible({ timeout: 30_000 });
    const retry = (await failedRow.getByRole('button', { name: /^Retry job / }).boundingBox())!;
    const failedWrap = (await page.getByRole('region', { name: 'Failed jobs table' }).boundingBox())!;
    expect(retry.x).toBeGreaterThanOrEqual(0);
    expect(retry.x + retry.width).toBeLessThanOrEqual(Math.min(360, failedWrap.x + failedWrap.width));
    // The workers table is cards too: every value in view without scrolling sideways.
    const workers = page.getByRole('region', { name: 'Workers table' });
    await expect(workers.locator('td[data-label="jobs failed"]').first()).toBeVisible();
    expect(await workers.evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // The bell's panel opens below the header, leaving the header and the bell uncovered.
    const bell = page.getByRole('button', { name: /Notifications, \d+ unread/ });
    await bell.click();
    const panel = page.locator('[data-bell-panel]');
    await expect(panel).toBeVisible();
    await expect(panel).toBeFocused();
    const header = await page.locator('header.site-header').boundingBox();
    expect((await panel.boundingBox())!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
    const b = (await bell.boundingBox())!;
    expect(
      await page.evaluate(
        ([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('[data-bell-toggle]')),
        [b.x + b.width / 2, b.y + b.height / 2],
      ),
    ).toBe(true);
    // Esc closes it and gives focus back to the bell; the bell opens and closes it too.
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(bell).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel).toBeVisible();
    await bell.click();
    await expect(panel).toBeHidden();
    await expect(bell).toHaveAttribute('aria-expanded', 'false');
  });

  test('at 1280 px the dashboard lines up with the header, forms above the campaign list', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/dashboard/notifications');
    const brand = (await page.getByRole('link', { name: 'Interview Lab home' }).boundingBox())!;
    const dash = (await page.locator('[data-dashboard]').boundingBox())!;
    expect(Math.abs(dash.x - brand.x)).toBeLessThanOrEqual(1);
    const tools = (await page.getByRole('button', { name: 'Log out' }).boundingBox())!;
    expect(Math.abs(dash.x + dash.width - (tools.x + tools.width))).toBeLessThanOrEqual(1);
    const formsFirst = await page.evaluate(() => {
      const form = document.querySelector('[data-load-form]')!;
      const list = document.querySelector('[data-campaigns]')!;
      return Boolean(form.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(formsFirst).toBe(true);
  });

  test('a double click on Send to me or Launch queues one notification and one campaign', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    const posts: Array<{ path: string; key: string | undefined; id: string }> = [];
    page.on('response', async (res) => {
      const path = new URL(res.url()).pathname;
      if (res.request().method() !== 'POST' || !['/api/notifications', '/api/notifications/campaigns'].includes(path)) return;
      const body = (await res.json()) as { id?: string; campaign?: { id: number } };
      posts.push({ path, key: res.request().headers()['idempotency-key'], id: String(body.id ?? body.campaign?.id) });
    });

    const send = page.getByRole('button', { name: 'Send to me' });
    await page.getByLabel('Title').fill('double clicked');
    await send.dblclick();
    await expect(page.locator('[data-send-msg]')).toContainText('Queued as');
    await expect(send).toBeEnabled();
    const launch = page.getByRole('button', { name: 'Launch' });
    await page.getByLabel(/Recipients/).fill('10');
    await launch.dblclick();
    await expect(page.locator('[data-load-msg]')).toContainText('queued: 10 recipients in 1 chunk.');
    await expect(launch).toBeEnabled();

    // Every request the page made carried a key, and the server queued exactly one of each.
    expect(posts.every((p) => p.key && /^[0-9a-f]{32}$/.test(p.key))).toBe(true);
    expect(new Set(posts.filter((p) => p.path === '/api/notifications').map((p) => p.id)).size).toBe(1);
    expect(new Set(posts.filter((p) => p.path === '/api/notifications/campaigns').map((p) => p.id)).size).toBe(1);
    expect(((await (await page.request.get('/api/notifications/campaigns')).json()) as { campaigns: unknown[] }).campaigns).toHaveLength(1);
    await expect
      .poll(
        async () =>
          ((await (await page.request.get('/api/notifications')).json()) as { items: Array<{ title: string }> }).items.filter(
            (i) => i.title === 'double clicked',
          ).length,
        { timeout: 20_000 },
      )
      .toBe(1);

    // The next submission is a new one: a new key, a second notification.
    await send.click();
    await expect.poll(() => posts.filter((p) => p.path === '/api/notifications').length).toBe(2);
    const sends = posts.filter((p) => p.path === '/api/notifications');
    expect(sends.at(-1)!.key).not.toBe(sends[0]!.key);
    expect(sends.at(-1)!.id).not.toBe(sends[0]!.id);
  });

  test('a failed job’s Retry and Remove are disabled while its request runs; a double click retries once', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    await page.goto('/dashboard/notifications');
    await expect(page.locator('[data-dashboard]')).toHaveAttribute('data-conn', 'live');
    const made = await page.request.post('/api/notifications/campaigns', { data: { synthetic: { count: 1000, failureRate: 0.9 } } });
    expect(made.status()).toBe(202);
    const row = page.locator('[data-failed-job]').first();
    await expect(row).toBeVisible({ timeout: 30_000 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let retries = 0;
    await page.route('**/api/queue/jobs/*/retry', async (route) => {
      retries++;
      await held;
      await route.continue();
    });
    const retry = row.getByRole('button', { name: /^Retry job / });
    const remove = row.getByRole('button', { name: /^Remove job / });
    await retry.dblclick();
    await expect(retry).toBeDisabled();
    await expect(remove).toBeDisabled();
    release();
    await expect(page.locator('span[data-conn]')).toContainText('Retried');
    expect(retries).toBe(1);
  });

  test('a long body takes three lines in the bell, with the whole text behind Show all', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(35).slice(0, 2000);
    expect((await page.request.post('/api/notifications', { data: { recipient: 'me', title: 'A long one', body } })).status()).toBe(202);
    await expect.poll(async () => (await (await page.request.get('/api/notifications')).json()).unread, { timeout: 20_000 }).toBe(1);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      await page.goto('/dashboard/notifications');
      await expect(page.locator('[data-bell]')).toHaveAttribute('data-status', 'live');
      await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
      const item = page.locator('[data-bell-list] li').first();
      const text = item.locator('.bell-body');
      await expect(text).toHaveAttribute('title', body);
      const lineHeight = await text.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      // Three lines of body; the title, meta row and toggle add a few more lines' worth.
      expect((await text.boundingBox())!.height).toBeLessThanOrEqual(lineHeight * 3 + 1);
      expect((await item.boundingBox())!.height).toBeLessThan(240);
      const more = item.getByRole('button', { name: 'Show all' });
      await expect(more).toHaveAttribute('aria-expanded', 'false');
      await more.click();
      await expect(item.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
      expect((await text.boundingBox())!.height).toBeGreaterThan(lineHeight * 10);
      await item.getByRole('button', { name: 'Show less' }).click();
      expect((await text.boundingBox())!.height).toBeLessThanOrEqual(lineHeight * 3 + 1);
    }
  });

  test('the bell reconnects after a dropped connection and catches up on what it missed', async ({ page, freshUser }) => {
    expect(freshUser.email).toBeTruthy();
    let dropping = false;
    const routes: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/ws\/notifications/, (ws) => {
      const server = ws.connectToServer();
      // While "dropping", pushes from the server are lost, as on a connection that died silently.
      server.onMessage((m) => {
        if (!dropping) ws.send(m);
      });
      routes.push(ws);
    });
    await page.goto('/dashboard/notifications');
    const bell = page.locator('[data-bell]');
    await expect(bell).toHaveAttribute('data-status', 'live');
    dropping = true;
    const sent = await page.request.post('/api/notifications', { data: { recipient: 'me', title: 'sent while you were away' } });
    expect(sent.status()).toBe(202);
    await expect.poll(async () => (await (await page.request.get('/api/notifications')).json()).unread, { timeout: 20_000 }).toBe(1);
    await expect(bell).toHaveAttribute('data-unread', '0');
    dropping = false;
    await routes[0]!.close({ code: 4000, reason: 'dropped by the test' });
    await expect(bell).toHaveAttribute('data-status', 'reconnecting');
    // Back with its last seq: the server sends what was missed first.
    await expect(page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible({ timeout: 20_000 });
    await expect(bell).toHaveAttribute('data-status', 'live');
    expect(routes.length).toBe(2);
  });
});
