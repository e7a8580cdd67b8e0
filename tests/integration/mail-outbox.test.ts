import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../src/lib/server/config';
import { sendMail } from '../../src/lib/server/mail/mailer';
import { parseEml } from '../../src/lib/server/mail/mime';
import { passwordResetMail } from '../../src/lib/server/mail/templates';
import { plainTextPart, wrapText } from '../../src/lib/server/mail/text-part';

/**
 * The outbox file is what an operator reads when there is no SMTP server
 * (`npm run mail:show`, or any editor): the reset link must stand whole on
 * one line of the raw `.eml`, not split by quoted-printable soft breaks with
 * its `=` written as `=3D`. And `npm run mail:list` / `mail:show`
 * (dist/node/mail.mjs, built by `npm run build`) read that outbox.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Run the built mail command with this test's DATA_DIR. */
function mailCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/node/mail.mjs'), ...args],
      { env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const LINK = 'http://lab.example.test:4321/reset-password?token=abcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx';
let dataDir: string;
const saved = { DATA_DIR: process.env.DATA_DIR, SMTP_URL: process.env.SMTP_URL };

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-mail-raw-'));
  process.env.DATA_DIR = dataDir;
  delete process.env.SMTP_URL;
  resetConfigForTests();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the raw .eml of a reset mail', () => {
  it('has a 7bit text part with the link whole on one line, and still parses for /dev/mail', async () => {
    await sendMail(passwordResetMail('newcomer@example.test', LINK, 15));
    const [file] = fs.readdirSync(path.join(dataDir, 'mail')).filter((f) => f.endsWith('.eml'));
    const raw = fs.readFileSync(path.join(dataDir, 'mail', file!), 'utf8');
    // The text part: from its Content-Type to the next boundary line.
    const textPart = /Content-Type: text\/plain[\s\S]*?(?=\r?\n--)/.exec(raw)?.[0] ?? '';
    expect(textPart).toMatch(/^Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: 7bit\r?\n\r?\n/);
    const lines = textPart.split(/\r?\n/);
    expect(lines).toContain(LINK);
    expect(textPart).not.toContain('=3D');
    // Prose is wrapped for a terminal; only the link is longer than 76 columns.
    expect(lines.filter((l) => l.length > 76 && l !== LINK)).toEqual([]);
    const parsed = parseEml(fs.readFileSync(path.join(dataDir, 'mail', file!)));
    expect(parsed.text).toContain(`\n${LINK}\n`);
    expect(parsed.html).toContain(LINK);
  });
});

describe('npm run mail:list / mail:show', () => {
  it('lists the outbox newest first and shows a mail decoded, or raw', async () => {
    await sendMail({ to: 'second@example.test', subject: 'Second', text: 'Hello again', html: '<p>Hello again</p>' });
    const list = await mailCli('list');
    expect(list.code).toBe(0);
    const rows = list.stdout.split('\n').filter((l) => l.endsWith('.eml') || /\.eml\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/second@example\.test\s+Second$/);
    expect(rows[1]).toMatch(/newcomer@example\.test\s+Reset your Interview Lab password$/);
    const name = rows[1]!.split(/\s+/)[0]!;
    const shown = await mailCli('show', name);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /^Date: .+\nFrom: Interview Lab <no-reply@[^>]+>\nTo: newcomer@example\.test\nSubject: Reset your Interview Lab password\n\n/,
    );
    expect(shown.stdout.split('\n')).toContain(LINK);
    expect((await mailCli('show', 'latest')).stdout).toContain('Hello again');
    expect((await mailCli('show', name, '--raw')).stdout).toContain('Content-Transfer-Encoding: 7bit');
  });

  it('refuses names outside the outbox and bad arguments with a usage line, exit 2', async () => {
    for (const args of [['show', '../portal.db'], ['show', '/etc/passwd'], ['show'], ['list', '--limit', 'x'], ['frobnicate'], []]) {
      const r = await mailCli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^mail: .+\nusage: npm run mail:list/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('plainTextPart', () => {
  it('wraps between words and never inside a long word', () => {
    expect(wrapText(`one two three ${'x'.repeat(90)} four`, 20)).toBe(`one two three\n${'x'.repeat(90)}\nfour`);
    expect(wrapText('a\n\nb c', 3)).toBe('a\n\nb c');
  });
  it('leaves non-ASCII text and over-long lines to nodemailer (quoted-printable)', () => {
    expect(plainTextPart('Café')).toBe('Café');
    expect(plainTextPart('y'.repeat(1200))).toBe('y'.repeat(1200));
    expect(plainTextPart('plain words')).toEqual({
      raw: 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nplain words',
    });
  });
});
