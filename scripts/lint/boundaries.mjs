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
