// ESLint flat config. `npm run lint` runs `eslint .` and `prettier --check .`.
// Formatting is Prettier's job alone, so no stylistic rules live here.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaries, configReader } from './scripts/lint/boundaries.mjs';

export default tseslint.config(
  {
    // Generated, vendored or tool output: never ours to lint.
    ignores: ['dist/', '.astro/', 'node_modules/', 'data/', '.ci/cache/', 'test-results/', 'playwright-report/', 'bench/results/', 'public/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  // Single lines that need an exception carry an
  // `eslint-disable-next-line <rule> -- <reason>` comment (an `any` with its reason, as docs/CONVENTIONS.md asks).
  {
    // Type-aware rules for the TypeScript the compiler sees (tsconfig.json).
    // Only the ones that catch real bugs in async code and cost little:
    // a forgotten await, a promise handed to something that ignores it,
    // awaiting a non-promise.
    files: ['**/*.ts'],
    ignores: ['**/*.astro/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Off: an async function without await is how an API stays Promise-shaped while its
      // body is synchronous (e.g. a SQLite-backed store behind an interface Postgres needs async); not a bug.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // A caught value (`unknown`) may be passed on as it is: wrapping it would change what callers see.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Browser-side scripts of .astro files and the client modules.
    files: ['src/lib/client/**/*.ts', '**/*.astro/*.ts', '**/*.astro/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  configReader,
  {
    // Rules switched off, each where it does not fit and why.
    //
    // no-control-regex: these validators match control characters on purpose, to refuse them.
    files: [
      'src/lib/server/auth/credentials.ts',
      'src/lib/server/http/access-policy.ts',
      'src/lib/server/notifications/validate.ts',
      'src/lib/shared/rest/validate.ts',
    ],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Its page.evaluate() callbacks run in the browser.
    files: ['bench/lesson.mjs', 'bench/support/lesson-page.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...boundaries,
);
