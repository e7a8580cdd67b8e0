import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/errors';
import { requireCaller } from '../../../lib/server/notifications/http';
import { assertRedis } from '../../../lib/server/notifications/queue';
import { searchQueue } from '../../../lib/server/notifications/search';

/** GET /api/queue/search?q=<job id | me | user id | email | s:n>. */
export const GET: APIRoute = async ({ locals, url }) => {
  const user = requireCaller(locals, 'queue');
  assertRedis();
  return json(await searchQueue(user, url.searchParams.get('q')));
};
