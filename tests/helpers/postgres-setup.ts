import { afterAll } from 'vitest';
import { closeKysely } from '../../src/lib/server/db/database';
import { dropTestDatabases } from './postgres';

// Runs in every test file: when the suite runs on Postgres, the file's databases go when it ends.
afterAll(async () => {
  await closeKysely();
  await dropTestDatabases();
});
