/**
 * Bench helper, run by sessionCookie() in bench/support/portal.mjs: creates one user with a
 * browser session in the portal database under DATA_DIR and prints the
 * session cookie (name and value) as one JSON line, so a browser can open
 * gated pages without going through the login form.
 */
import { sessionCookieName } from '../../src/lib/server/auth/cookies';
import { createSession } from '../../src/lib/server/auth/sessions';
import { insertUser } from '../../src/lib/server/auth/users';
import { closeDb } from '../../src/lib/server/db/connection';
import { closeKysely, prepareDatabase } from '../../src/lib/server/db/database';

await prepareDatabase();
const user = await insertUser(`bench-lesson-${process.pid}@example.test`, 'no-password-bench-account');
if (!user) throw new Error('could not create the bench user');
const { token } = await createSession(user.id, { ip: '127.0.0.1', userAgent: 'bench' });
await closeKysely();
closeDb();
process.stdout.write(`${JSON.stringify({ name: sessionCookieName(), value: token })}\n`);
