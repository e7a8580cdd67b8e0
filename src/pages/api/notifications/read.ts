import type { APIRoute } from 'astro';
import { readJson } from '../../../lib/server/http/body';
import { ApiError, json } from '../../../lib/server/http/errors';
import { requireCaller } from '../../../lib/server/notifications/http';
import { markRead, unreadCount } from '../../../lib/server/notifications/inbox';
import { publishToUser } from '../../../lib/server/notifications/live';
import { withTimeout } from '../../../lib/server/notifications/queue';
import { getRedis, redisConfigured } from '../../../lib/server/redis/client';

/**
 * POST /api/notifications/read with `{"ids": [...]}` (at most 500) or
 * `{"all": true}`: mark notifications read; the caller's other tabs hear
 * about it over their sockets.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const user = requireCaller(locals, 'notifications');
  const body = (await readJson(request, 64 * 1024)) as { ids?: unknown; all?: unknown } | null;
  const all = typeof body === 'object' && body !== null && !Array.isArray(body) && body.all === true;
  const ids = typeof body === 'object' && body !== null && !Array.isArray(body) ? body.ids : undefined;
  if (!all && !(Array.isArray(ids) && ids.length >= 1 && ids.length <= 500 && ids.every((i) => typeof i === 'string' && i.length > 0 && i.length <= 64))) {
    throw new ApiError(400, 'invalid_request', 'Send {"ids": ["<notification id>", ...]} (1-500 ids) or {"all": true}.', { fields: { ids: 'must be 1-500 notification ids' } });
  }
  const changed = markRead(user.id, all ? 'all' : (ids as string[]));
  const unread = unreadCount(user.id);
  if (changed.length && redisConfigured()) {
    await withTimeout(getRedis(), 1000)
      .then((r) => publishToUser(r, user.id, { type: 'read', ids: all ? 'all' : changed, unread }))
      .catch(() => undefined); // other tabs catch up on their next sync
  }
  return json({ marked: changed.length, unread });
};
