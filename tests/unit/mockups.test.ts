import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICES, MOCKUP_PAGES, THEMES } from '../../scripts/mockups/pages';

/**
 * The login lesson's mockup gallery: every page of the interview's design has
 * its wireframe and its four screenshots committed, the lesson shows exactly
 * those files, and the pictures stay small enough to ship.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const PUBLIC = path.join(ROOT, 'public');
const lesson = fs.readFileSync(path.join(ROOT, 'src/content/lessons/b1-secure-login.md'), 'utf8');

describe('mockups', () => {
  const expected = MOCKUP_PAGES.flatMap((p) => [
    `/mockups/wireframes/${p.id}.svg`,
    ...Object.keys(DEVICES).flatMap((d) => THEMES.map((t) => `/mockups/real/${p.id}-${d}-${t}.png`)),
  ]);

  it('has a wireframe and four screenshots per page, all shown by the lesson with alt text', () => {
    expect(expected).toHaveLength(8 * 5);
    for (const file of expected) {
      expect(fs.existsSync(path.join(PUBLIC, file)), file).toBe(true);
      expect(lesson, file).toMatch(new RegExp(`<img src="${file}" width="\\d+" height="\\d+" loading="lazy" decoding="async" alt="[^"]{20,}">`));
    }
    const shown = [...lesson.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
    expect(shown.sort()).toEqual([...expected].sort());
  });

  it('labels every picture as a wireframe or a real page', () => {
    const kinds = [...lesson.matchAll(/<span class="mockup-kind">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(kinds.filter((k) => k === 'Wireframe')).toHaveLength(8);
    expect(kinds.filter((k) => k === 'Real page')).toHaveLength(32);
  });

  it('keeps the wireframes accessible SVG and every picture small', () => {
    let total = 0;
    for (const file of expected) {
      const size = fs.statSync(path.join(PUBLIC, file)).size;
      total += size;
      expect(size, file).toBeLessThan(250 * 1024);
      if (file.endsWith('.svg')) {
        const svg = fs.readFileSync(path.join(PUBLIC, file), 'utf8');
        expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="t d"/);
        expect(svg).toMatch(/<title id="t">[^<]+<\/title>\s*<desc id="d">[^<]{40,}<\/desc>/);
        expect(svg).not.toMatch(/<script|href="http/i);
      }
    }
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });
});
