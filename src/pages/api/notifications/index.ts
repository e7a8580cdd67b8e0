import type { APIRoute } from 'astro';
import { readJson } from '../../../lib/server/http/body';
import { json } from '../../../lib/server/http/errors';
import { answerResponse, intParam, requireCaller } from '../../../lib/server/notifications/http';
import { latestSeq, listInbox, unreadCount } from '../../../lib/server/notifications/inbox';
import { sendNotification } from '../../../lib/server/notifications/send';
import { parseIdempotencyKey, parseSendInput } from '../../../lib/server/notifications/validate';

/**
 * GET /api/notifications: the caller's inbox, newest first (`limit`, `before`
 * for older pages) or, with `after=<seq>`, everything newer than seq, oldest
 * first (catch-up after a dropped connection).
 * POST /api/notifications: queue one notification; 202 with its id.
 */

export const GET: APIRoute = async ({ locals, url }) => {
  const user = requireCaller(locals, 'notifications');
  const limit = intParam(url, 'limit', 100);
  const before = intParam(url, 'before');
  const after = intParam(url, 'after');
  const unreadOnly = url.searchParams.get('unread') === '1' || url.searchParams.get('unread') === 'true';
  const [items, unread, seq] = await Promise.all([
    listInbox(user.id, { limit, before, after, unreadOnly }),
    unreadCount(user.id),
    latestSeq(user.id),
  ]);
  return json({ items, unread, latestSeq: seq });
};

export const POST: APIRoute = async ({ locals, request }) => {
  const user = requireCaller(locals, 'notifications');
  const key = parseIdempotencyKey(request.headers.get('idempotency-key'));
  const input = parseSendInput(await readJson(request, 16 * 1024));
  return answerResponse(await sendNotification(user, input, key));
};
