import { defineConfig } from 'vitest/config';

// Unit and integration tests. Integration tests talk to real Redis, real
// SQLite files and the compiled portal (`npm run build` runs first in `npm test`).
export default defineConfig({
  resolve: {
    alias: [
      // Node resolves `graphql` to its CommonJS build (no "exports" map), and so do
      // @graphql-tools and graphql-ws; Vite would pick the .mjs build for our own
      // imports, and two copies of graphql refuse each other's schemas.
      { find: /^graphql$/, replacement: 'graphql/index.js' },
    ],
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/helpers/global-setup.ts'],
    // With TEST_DATABASE_URL, each file's Postgres databases are dropped when it ends.
    setupFiles: ['tests/helpers/postgres-setup.ts'],
  },
});
