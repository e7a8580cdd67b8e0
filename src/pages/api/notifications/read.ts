import type { APIRoute } from 'astro';
import { readJson } from '../../../lib/server/http/body';
import { json } from '../../../lib/server/http/errors';
import { requireCaller } from '../../../lib/server/notifications/http';
import { markRead, unreadCount } from '../../../lib/server/notifications/inbox';
import { publishToUser } from '../../../lib/server/notifications/live';
import { withTimeout } from '../../../lib/server/notifications/queue';
import { parseReadInput } from '../../../lib/server/notifications/validate';
import { getRedis, redisConfigured } from '../../../lib/server/redis/client';

/**
 * POST /api/notifications/read with `{"ids": [...]}` (at most 500) or
 * `{"all": true}`: mark notifications read; the caller's other tabs hear
 * about it over their sockets.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const user = requireCaller(locals, 'notifications');
  const which = parseReadInput(await readJson(request, 64 * 1024));
  const changed = await markRead(user.id, which);
  const unread = await unreadCount(user.id);
  if (changed.length && redisConfigured()) {
    await withTimeout(getRedis(), 1000)
      .then((r) => publishToUser(r, user.id, { type: 'read', ids: which === 'all' ? 'all' : changed, unread }))
      .catch(() => undefined); // other tabs catch up on their next sync
  }
  return json({ marked: changed.length, unread });
};
