import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/errors';
import { requireCaller } from '../../../lib/server/notifications/http';
import { setPaused } from '../../../lib/server/notifications/queue-admin';

/** POST /api/queue/pause: stop workers taking new notification jobs (administrators). */
export const POST: APIRoute = async ({ locals }) => json(await setPaused(requireCaller(locals, 'queue'), true));
