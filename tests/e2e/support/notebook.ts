import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Helpers for notebook pages: which lessons are published (read from the
 * Markdown files, so a new lesson is covered without touching the tests),
 * and running a cell to its end.
 */

const LESSONS_DIR = path.resolve(import.meta.dirname, '../../../src/content/lessons');

/** Published lessons: slug and file, in file-name order. */
export function publishedLessons(): Array<{ slug: string; file: string }> {
  return fs
    .readdirSync(LESSONS_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ slug: f.replace(/\.md$/, ''), file: path.join(LESSONS_DIR, f) }))
    .filter(({ file }) => {
      const fm = /^---\n([\s\S]*?)\n---/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
      const status = /^status:\s*['"]?(\w+)/m.exec(fm)?.[1] ?? 'published';
      return status === 'published';
    });
}

/** A cell by id. */
export function cell(page: Page, id: string): Locator {
  return page.locator(`#cell-${id}`);
}

/** Open a lesson and wait until its kernel is ready. */
export async function openLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`/lessons/${slug}`);
  await expect(page.locator('[data-nb-bar]')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
}

/** Wait for a cell's run to end; returns its final state. */
export async function settled(c: Locator, timeoutMs = 40_000): Promise<string> {
  await expect(c).toHaveAttribute('data-state', /^(done|failed|stopped|idle)$/, { timeout: timeoutMs });
  return (await c.getAttribute('data-state')) ?? '';
}

/** Click Run on a cell and wait for it to end. */
export async function runCell(page: Page, id: string, timeoutMs?: number): Promise<string> {
  const c = cell(page, id);
  await c.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(c).toHaveAttribute('data-state', /./);
  return settled(c, timeoutMs);
}

/** The text of a cell's output area. */
export function output(page: Page, id: string): Locator {
  return cell(page, id).locator('.nb-output');
}

/** Open a cell's editor (loading Monaco) and wait until it has focus. */
export async function openEditor(page: Page, id: string): Promise<Locator> {
  const c = cell(page, id);
  await c.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = c.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await expect(c.getByRole('button', { name: 'Close editor' })).toBeVisible();
  return editor;
}

/** Replace everything in a cell's open editor with `code` (typed as the keyboard would insert it). */
export async function replaceCode(page: Page, id: string, code: string): Promise<void> {
  const editor = cell(page, id).locator('.monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}
