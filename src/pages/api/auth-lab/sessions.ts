import type { APIRoute } from 'astro';
import { requireLabCaller } from '../../../lib/server/auth-lab/access';
import { takeLabBudget } from '../../../lib/server/auth-lab/budget';
import { sessionViews } from '../../../lib/server/auth-lab/sessions-view';
import { json } from '../../../lib/server/http/errors';

/** GET /api/auth-lab/sessions: the caller's live sessions for the login lesson (no ids, addresses cut to the network). */
export const GET: APIRoute = async ({ locals }) => {
  const principal = requireLabCaller(locals.principal);
  const rate = await takeLabBudget('sessions', principal.user.id);
  const current = principal.kind === 'session' ? principal.session.id : null;
  return json({ sessions: await sessionViews(principal.user.id, current) }, { headers: rate });
};
