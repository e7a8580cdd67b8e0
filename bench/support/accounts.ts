/**
 * Bench helper, run by startBenchPortal() in bench/support/portal.mjs: creates `count`
 * users with a personal API token each, in the portal database under
 * DATA_DIR, and prints the tokens as one JSON line. The users get no usable
 * password: benches only call the APIs.
 */
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { insertUser } from '../../src/lib/server/auth/users';
import { closeDb, getDb } from '../../src/lib/server/db/connection';
import { ALL_SCOPES } from '../../src/lib/shared/scopes';

const count = Number(process.argv[2] ?? '1');
const db = getDb();
const tokens: string[] = [];
db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const user = insertUser(`bench-${process.pid}-${i}@example.test`, 'no-password-bench-account');
    if (!user) throw new Error('could not create a bench user');
    tokens.push(createApiToken(user.id, { kind: 'personal', name: 'bench', scopes: ALL_SCOPES, ttlMs: 3_600_000 }).token);
  }
})();
closeDb();
process.stdout.write(`${JSON.stringify({ tokens })}\n`);
