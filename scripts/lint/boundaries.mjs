// The architecture's import boundaries as ESLint config objects (flat config).
// eslint.config.js spreads them in; tests/unit/lint/boundaries.test.ts lints
// small snippets against them to prove a violation is reported.
import { builtinModules } from 'node:module';

// Every Node built-in, bare (`fs`, `fs/promises`) or with the `node:` prefix.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({
  name,
  message: 'Node built-ins do not exist in the browser: this code runs on both sides (or only in the browser).',
}));
const nodePrefixPattern = {
  regex: '^node:',
  message: 'Node built-ins do not exist in the browser: this code runs on both sides (or only in the browser).',
};

// A relative import that reaches into a `server` folder: src/lib/server
// (`../../server/db`, `../lib/server/auth`) or the top-level server/ entry.
const serverPattern = {
  regex: '^\\.{1,2}/(?:.*/)?server(?:/|$)',
  message: 'src/lib/server is server-only (secrets, database): browser and shared code never import it.',
};
const pagesPattern = {
  regex: '^\\.{1,2}/(?:.*/)?pages(?:/|$)',
  message: 'Workers never import pages: move what both need into src/lib.',
};
// One way to import our own modules: relative paths. The `@/` alias was
// removed (docs/CONVENTIONS.md says why); this keeps it from coming back.
const aliasPattern = {
  regex: '^@/',
  message: 'Import our own modules with a relative path; the `@/` alias does not exist (docs/CONVENTIONS.md).',
};

const restrict = (patterns, paths = []) => ['error', { paths, patterns }];

/** Flat-config objects that enforce the folder boundaries of docs/CONVENTIONS.md. */
export const boundaries = [
  {
    name: 'interview-lab/no-alias',
    files: ['**/*.{ts,mjs,js,astro}'],
    rules: { 'no-restricted-imports': restrict([aliasPattern]) },
  },
  {
    // Browser code: client modules and every <script> of an .astro file
    // (eslint-plugin-astro hands those over as virtual `*.astro/N_N.ts` files).
    name: 'interview-lab/client-boundary',
    files: ['src/lib/client/**/*.ts', '**/*.astro/*.ts', '**/*.astro/*.js'],
    rules: { 'no-restricted-imports': restrict([aliasPattern, serverPattern, nodePrefixPattern], nodeBuiltinPaths) },
  },
  {
    name: 'interview-lab/shared-boundary',
    files: ['src/lib/shared/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([aliasPattern, serverPattern, nodePrefixPattern], nodeBuiltinPaths) },
  },
  {
    name: 'interview-lab/workers-boundary',
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([aliasPattern, pagesPattern]) },
  },
];

/**
 * Configuration is read in one place (docs/CONVENTIONS.md): src/lib/server/config.ts.
 * The command-line tools (scripts/, bench/), the tests and the build config
 * (astro.config.mjs) read their own settings and set the environment of the
 * portals they start, so they are outside this rule.
 */
export const configReader = {
  name: 'interview-lab/process-env-in-config-only',
  files: ['src/**/*.{ts,astro}', 'server/**/*.ts', 'workers/**/*.ts'],
  ignores: ['src/lib/server/config.ts'],
  rules: {
    'no-restricted-properties': [
      'error',
      { object: 'process', property: 'env', message: 'Read configuration through src/lib/server/config.ts (getConfig() or its helpers).' },
    ],
  },
};
