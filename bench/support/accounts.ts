/**
 * Bench helper, run by startBenchPortal() in bench/support/portal.mjs: creates `count`
 * users with a personal API token each, in the portal database under
 * DATA_DIR, and prints the tokens as one JSON line. The users get no usable
 * password: benches only call the APIs.
 */
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { insertUser } from '../../src/lib/server/auth/users';
import { closeDb } from '../../src/lib/server/db/connection';
import { closeKysely, prepareDatabase } from '../../src/lib/server/db/database';
import { ALL_SCOPES } from '../../src/lib/shared/scopes';

// Whichever database DATABASE_URL names (else the SQLite file under DATA_DIR), migrated first.
await prepareDatabase();
const count = Number(process.argv[2] ?? '1');
const tokens: string[] = [];
for (let i = 0; i < count; i++) {
  const user = await insertUser(`bench-${process.pid}-${i}@example.test`, 'no-password-bench-account');
  if (!user) throw new Error('could not create a bench user');
  tokens.push((await createApiToken(user.id, { kind: 'personal', name: 'bench', scopes: ALL_SCOPES, ttlMs: 3_600_000 })).token);
}
await closeKysely();
closeDb();
process.stdout.write(`${JSON.stringify({ tokens })}\n`);
