import { ESLint } from 'eslint';
import astro from 'eslint-plugin-astro';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries, configReader } from '../../../scripts/lint/boundaries.mjs';

/**
 * The architecture rules of eslint.config.js (scripts/lint/boundaries.mjs)
 * report what they should, and only that: snippets are linted as if they
 * lived at the given paths. Type-aware rules are left out (they need the
 * files on disk); the boundaries do not use types.
 */

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...astro.configs.base, ...boundaries, configReader],
});

/** Rule ids reported for `code` as if it were the file at `filePath`. */
async function reported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? '');
}

describe('import boundaries', () => {
  it('client modules may not import server modules', async () => {
    expect(await reported('src/lib/client/notebook/x.ts', "import { getDb } from '../../server/db/connection';\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await reported('src/lib/client/x.ts', "import type { Session } from '../server/auth/sessions';\n")).toEqual(['no-restricted-imports']);
    expect(await reported('src/lib/client/x.ts', "import { SCOPES } from '../shared/scopes';\nexport const s = SCOPES;\n")).toEqual([]);
  });

  it('client modules may not import Node built-ins', async () => {
    expect(await reported('src/lib/client/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual(['no-restricted-imports']);
  });

  it("a page's <script> may not import server modules, while its frontmatter may", async () => {
    const page = [
      '---',
      "import { getConfig } from '../lib/server/config';",
      'const c = getConfig();',
      '---',
      '<p>{c.port}</p>',
      '<script>',
      "  import { log } from '../lib/server/log';",
      "  log.info('x');",
      '</script>',
      '',
    ].join('\n');
    expect(await reported('src/pages/x.astro', page)).toEqual(['no-restricted-imports']);
  });

  it('shared modules import no Node built-ins, bare or node:-prefixed, and no server module', async () => {
    expect(await reported('src/lib/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await reported('src/lib/shared/x.ts', "import path from 'path';\nexport const p = path;\n")).toEqual(['no-restricted-imports']);
    expect(await reported('src/lib/shared/x.ts', "import { createHash } from 'crypto';\nexport const h = createHash;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await reported('src/lib/shared/crypto/x.ts', "import { getConfig } from '../../server/config';\nexport const g = getConfig;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await reported('src/lib/shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });

  it('workers may not import pages', async () => {
    expect(await reported('workers/x.ts', "import { GET } from '../src/pages/api/health';\nexport const g = GET;\n")).toEqual([
      'no-restricted-imports',
    ]);
    expect(await reported('workers/x.ts', "import { getDb } from '../src/lib/server/db/connection';\nexport const g = getDb;\n")).toEqual([]);
  });

  it('the @/ alias does not come back', async () => {
    expect(await reported('src/lib/server/x.ts', "import { getDb } from '@/lib/server/db/connection';\nexport const g = getDb;\n")).toEqual([
      'no-restricted-imports',
    ]);
  });
});

describe('configuration is read in config.ts only', () => {
  it('reports process.env elsewhere in src, server and workers', async () => {
    expect(await reported('src/lib/server/x.ts', 'export const port = process.env.PORT;\n')).toEqual(['no-restricted-properties']);
    expect(await reported('server/x.ts', 'export const port = process.env.PORT;\n')).toEqual(['no-restricted-properties']);
    expect(await reported('workers/x.ts', 'export const port = process.env.PORT;\n')).toEqual(['no-restricted-properties']);
  });

  it('allows it in config.ts and in the command-line tools', async () => {
    expect(await reported('src/lib/server/config.ts', 'export const port = process.env.PORT;\n')).toEqual([]);
    expect(await reported('scripts/x.ts', 'export const port = process.env.PORT;\n')).toEqual([]);
  });
});
