import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The login lesson describes what a password change does to sessions the way
 * src/lib/server/auth/flows/change-password.ts does it: every session ends,
 * then the browser that made the change gets a fresh one. (A reset, in
 * flows/reset.ts, ends every session and logs nobody in.)
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const lesson = fs.readFileSync(path.join(ROOT, 'src/content/lessons/b1-secure-login.md'), 'utf8');

/** The lesson's prose as sentences (line breaks inside paragraphs joined). */
function sentences(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/\s*\n\s*/g, ' ');
  return prose.split(/(?<=[.!?])\s+/);
}

describe('lesson b1: what a password change does to sessions', () => {
  it('never says a change simply ends every session without the fresh one for this browser', () => {
    const claims = sentences(lesson).filter((s) => /chang/i.test(s) && /ends every session/i.test(s));
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) expect(claim).toMatch(/fresh/i);
  });

  it('still says a reset ends every session and does not log in', () => {
    expect(sentences(lesson).some((s) => /resetting the password ends every session/i.test(s))).toBe(true);
    expect(lesson).toMatch(/It does not log you in/);
  });
});
