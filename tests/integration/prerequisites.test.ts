import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net';

/**
 * `npm test` starts with scripts/check-prerequisites.mjs: on a machine that
 * lacks something the suite needs, it names each missing thing on its own
 * line with the Debian package to install, and stops with a non-zero exit.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

function check(env: Record<string, string | undefined>): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-prerequisites.mjs')], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, lines: `${r.stdout}${r.stderr}`.trim().split('\n') };
}

describe('the prerequisite check before npm test', () => {
  it('passes on a machine that has everything (this one: the suite runs here)', () => {
    const r = check({});
    expect(r).toEqual({ status: 0, lines: ['prerequisites: all present'] });
  });

  it('names each missing program, module and server with the package that brings it, then stops', async () => {
    const closed = await freePort();
    const r = check({
      PATH: '/nonexistent', // no openssl, redis-server, redis-cli, promtool on PATH
      PROMTOOL: '/nonexistent/promtool',
      CHROMIUM_PATH: '/nonexistent/chromium',
      PG_BIN: '/nonexistent/postgresql/bin',
      TEST_REDIS_URL: `redis://127.0.0.1:${closed}`,
      TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/postgres`,
    });
    expect(r.status).toBe(1);
    const missing = r.lines.filter((l) => l.startsWith('missing: '));
    const expected: Array<[RegExp, string]> = [
      [/Chromium is missing at \/nonexistent\/chromium/, 'apt-get install chromium'],
      [/openssl is missing/, 'apt-get install openssl'],
      [/redis-server is missing/, 'apt-get install redis-server'],
      [/redis-cli is missing/, 'apt-get install redis-tools'],
      [/Redis does not answer at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/, 'apt-get install redis-server'],
      [/PostgreSQL does not answer at 127\.0\.0\.1:\d+/, 'apt-get install postgresql'],
      [/PostgreSQL server programs are missing/, 'apt-get install postgresql'],
    ];
    for (const [what, install] of expected) {
      const line = missing.find((l) => what.test(l));
      expect(line, `a line matching ${what}`).toBeDefined();
      expect(line).toContain(install);
    }
    // promtool: found only if this checkout has .ci/cache/promtool; when it has none, its line says how to get it.
    const promtool = missing.find((l) => l.includes('promtool'));
    if (promtool) expect(promtool).toContain('apt-get install prometheus');
    expect(r.lines.at(-1)).toMatch(/^npm test stopped before running anything: \d+ prerequisites missing/);
  });

  it('names a missing Python module with its Debian package', () => {
    // A `requests` that cannot be imported, first on Python's path: as if python3-requests were not installed.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-prereq-'));
    try {
      fs.writeFileSync(path.join(dir, 'requests.py'), "raise ImportError('python3-requests is not installed')\n");
      const r = check({ PYTHONPATH: dir });
      expect(r.status).toBe(1);
      expect(r.lines).toContain(
        "missing: the Python module requests is missing (the lessons' Python tabs import it): sudo apt-get install python3-requests",
      );
      expect(r.lines.join('\n')).not.toContain('module websocket');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
