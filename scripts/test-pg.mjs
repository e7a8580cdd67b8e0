// `npm run test:pg`: the Postgres pass. The integration tests that read and
// write user data run again with every portal (web, workers and the test's
// own in-process helpers) on a Postgres database of its own, made per test
// file and dropped when it ends (tests/helpers/postgres.ts). The server is
// TEST_DATABASE_URL, else the local one `.ci/run` makes sure of. Arguments
// that name files replace the list (`npm run test:pg -- tests/integration/auth-tokens.test.ts`);
// options pass through to vitest.
// Why these files and not all of them: docs/database.md, "Tests on both backends".
import { spawnSync } from 'node:child_process';

/** Everything that stores or reads users, sessions, tokens, throttles, edits, progress, the REST store or the inbox. */
export const POSTGRES_PASS = [
  'tests/integration/auth-',
  'tests/integration/notebook/notebook-api.test.ts',
  'tests/integration/notebook/practice-api.test.ts',
  'tests/integration/notifications/',
  'tests/integration/apis/rest-store.test.ts',
  'tests/integration/apis/api-fast-path.test.ts',
  'tests/integration/security/revocation.test.ts',
  'tests/integration/security/least-privilege.test.ts',
  'tests/integration/scale-out/revocation-reach.test.ts',
];

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
