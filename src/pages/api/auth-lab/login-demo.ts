import type { APIRoute } from 'astro';
import { requireLabCaller } from '../../../lib/server/auth-lab/access';
import { takeLabBudget } from '../../../lib/server/auth-lab/budget';
import { runLoginDemo } from '../../../lib/server/auth-lab/login-demo';
import { json } from '../../../lib/server/http/errors';

/**
 * POST /api/auth-lab/login-demo: a real /login on a throwaway account, created
 * and deleted within the call; answers with that login's status and headers
 * (session token cut short). Six a minute per user: each costs two Argon2id hashes.
 */
export const POST: APIRoute = async ({ locals }) => {
  const principal = requireLabCaller(locals.principal);
  const rate = await takeLabBudget('login-demo', principal.user.id);
  return json(await runLoginDemo(principal.user.id), { headers: rate });
};
