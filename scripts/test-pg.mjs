// `npm run test:pg`: the Postgres pass. The whole integration suite runs
// again with every portal (web, workers and the test's
// own in-process helpers) on a Postgres database of its own, made per test
// file and dropped when it ends (tests/helpers/postgres.ts). The server is
// TEST_DATABASE_URL, else the local one `.ci/run` makes sure of. Arguments
// that name files replace the list (`npm run test:pg -- tests/integration/auth-tokens.test.ts`);
// options pass through to vitest.
// What it costs: docs/database.md, "Tests on both backends".
import { spawnSync } from 'node:child_process';

/** The whole integration suite: every portal, worker and in-process helper on Postgres instead of SQLite. */
export const POSTGRES_PASS = ['tests/integration'];

// Options (`--reporter=…`) pass through; only file arguments replace the list.
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));
const options = args.filter((a) => a.startsWith('-'));
const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  TEST_PORTAL_DB: 'postgres',
};
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...options, ...(files.length ? files : POSTGRES_PASS)], {
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
